import { runExtension } from '@logdrain/core';
import { parseS3Config } from './config.js';

// runExtension registers before anything heavy loads; the destination
// module (and whatever it imports) loads only once the settings are valid.
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
