import { runExtension } from '@logdrain/core';
import { parseS3Config } from './config.js';

// runExtension registers before anything heavy loads; the destination
// module, and the AWS SDK with it, is imported only once the settings are
// valid, off the critical path of init.
await runExtension({
  defaultName: 'logdrain-s3',
  parseConfig(env, { log }) {
    const config = parseS3Config(env);
    for (const warning of config.warnings) log.warn(warning);
    return config;
  },
  async createDestination(config) {
    const { createS3Destination } = await import('./destination.js');
    return createS3Destination(config);
  },
});
