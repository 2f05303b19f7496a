import { deferDestination, runExtension } from '@logdrain/core';
import { parseS3Config } from './config.js';
import { S3_LIMITS } from './limits.js';

// runExtension registers before anything heavy loads; the destination
// module (node:crypto, node:https, node:zlib) is imported only once the
// settings are valid, off the critical path of init.
await runExtension({
  defaultName: 'logdrain-s3',
  parseConfig(env, { log }) {
    const config = parseS3Config(env);
    for (const warning of config.warnings) log.warn(warning);
    return config;
  },
  // It loads at the first send, after the first /event/next.
  createDestination: (config) =>
    deferDestination({
      name: 's3',
      limits: S3_LIMITS,
      async load() {
        const { createS3Destination } = await import('./destination.js');
        return createS3Destination(config);
      },
    }),
});
