import { runExtension } from '@logdrain/core';
import { parseCloudwatchConfig } from './config.js';

// runExtension registers before anything heavy loads; the destination
// module (and the AWS SDK it imports) loads only once the settings are valid.
await runExtension({
  defaultName: 'logdrain-cloudwatch',
  parseConfig(env, { log }) {
    const config = parseCloudwatchConfig(env);
    for (const warning of config.warnings) log.warn(warning);
    return config;
  },
  async createDestination(config, { log, context }) {
    const { createCloudwatchDestination } = await import('./destination.js');
    return createCloudwatchDestination(config, { context, log });
  },
});
