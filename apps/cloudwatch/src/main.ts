import { deferDestination, runExtension } from '@logdrain/core';
import { parseCloudwatchConfig } from './config.js';
import { CLOUDWATCH_LIMITS } from './limits.js';

// runExtension registers before anything heavy loads; the destination's
// code loads only once the settings are valid.
await runExtension({
  defaultName: 'logdrain-cloudwatch',
  parseConfig(env, { log }) {
    const config = parseCloudwatchConfig(env);
    for (const warning of config.warnings) log.warn(warning);
    return config;
  },
  createDestination(config, { log, context }) {
    const load = async () => {
      const { createCloudwatchDestination } = await import('./destination.js');
      return createCloudwatchDestination(config, { context, log });
    };
    // With a role to assume, init fails loudly when it cannot be assumed;
    // otherwise the destination's code loads at the first send, after the
    // first /event/next.
    return config.roleArn === undefined
      ? deferDestination({
          name: 'cloudwatch',
          limits: CLOUDWATCH_LIMITS,
          load,
        })
      : load();
  },
});
