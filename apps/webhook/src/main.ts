import { runExtension } from '@logdrain/core';
import { parseWebhookConfig } from './config.js';

// runExtension registers before anything heavy loads; the destination
// module (and undici with it) is imported only once the settings are valid.
await runExtension({
  defaultName: 'logdrain-webhook',
  parseConfig(env, { log }) {
    const config = parseWebhookConfig(env);
    for (const warning of config.warnings) log.warn(warning);
    return config;
  },
  async createDestination(config) {
    const { createWebhookDestination } = await import('./destination.js');
    return createWebhookDestination(config);
  },
});
