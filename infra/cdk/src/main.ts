import { createLogdrainApp } from './app.js';

// `node dist/main.js` (or `cdk synth` with cdk.json) writes the cloud
// assembly; CDK_OUTDIR is set by the CDK CLI, cdk.out otherwise.
createLogdrainApp({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' }).synth();
