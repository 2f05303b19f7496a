// `pnpm bench`: steady invokes of examples/hello.mjs beside the built
// logdrain-webhook layer (default settings, adaptive flush), reporting the
// time between platform.runtimeDone and the extension's next /event/next as
// the sandbox measures it (InvokeResult.postRuntimeMs). A report, not a test.
// Options: --invokes 300 --warmup 20 --lines 20

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSandbox } from '../packages/sandbox/dist/index.js';
import { startHttpsReceiver } from '../packages/testkit/dist/index.js';

const { values } = parseArgs({
  options: {
    invokes: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '20' },
    lines: { type: 'string', default: '20' },
  },
});
const INVOKES = Number(values.invokes);
const WARMUP = Number(values.warmup);
const LINES = Number(values.lines);
const root = dirname(dirname(fileURLToPath(import.meta.url)));

function percentile(sorted, p) {
  const at = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, at))];
}

async function measure(receiver, caFile) {
  const sandbox = await startSandbox({
    layers: [join(root, 'apps/webhook/dist/layer.zip')],
    handler: join(root, 'examples/hello.mjs'),
    functionName: 'bench',
    env: {
      LOGDRAIN_WEBHOOK_URL: receiver.url,
      LOGDRAIN_WEBHOOK_CA_FILE: caFile,
    },
  });
  try {
    const samples = [];
    const startedMs = Date.now();
    for (let n = 0; n < WARMUP + INVOKES; n++) {
      const result = await sandbox.invoke({ lines: LINES });
      if (n >= WARMUP) samples.push(result.postRuntimeMs);
    }
    const elapsedS = (Date.now() - startedMs) / 1000;
    await sandbox.shutdown();
    return { samples, elapsedS };
  } finally {
    await sandbox[Symbol.asyncDispose]();
  }
}

const work = await mkdtemp(join(tmpdir(), 'logdrain-bench-'));
const receiver = await startHttpsReceiver();
try {
  const caFile = join(work, 'receiver-ca.pem');
  await writeFile(caFile, receiver.ca);
  const { samples, elapsedS } = await measure(receiver, caFile);

  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((sum, v) => sum + v, 0) / samples.length;
  const fmt = (ms) => `${ms.toFixed(2)} ms`;
  console.log(
    `${INVOKES} steady invokes (after ${WARMUP} warm-up) of ${LINES} lines each, ${((WARMUP + INVOKES) / elapsedS).toFixed(0)} invokes/s`
  );
  console.log('post-runtime time (platform.runtimeDone → extension next):');
  console.log(`  median ${fmt(percentile(sorted, 50))}`);
  console.log(`  p95    ${fmt(percentile(sorted, 95))}`);
  console.log(`  p99    ${fmt(percentile(sorted, 99))}`);
  console.log(`  max    ${fmt(sorted.at(-1))}`);
  console.log(`  mean   ${fmt(mean)}`);
  const expected = (WARMUP + INVOKES) * LINES;
  const delivered = receiver.acceptedRecords.filter(
    (r) => r.type === 'function'
  ).length;
  console.log(
    `function lines delivered: ${delivered}/${expected} in ${receiver.requests.length} requests`
  );
} finally {
  await receiver.close();
  await rm(work, { recursive: true, force: true });
}
