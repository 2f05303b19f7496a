import { deferDestination, runExtension } from '@logdrain/core';
import { parseWebhookConfig, withWebhookSecret } from './config.js';
import { WEBHOOK_LIMITS } from './limits.js';

// runExtension registers before anything heavy loads. The destination
// module (and node:https, zlib and crypto with it) loads at the first send, so
// the extension reaches /event/next without waiting for them.
await runExtension({
  defaultName: 'logdrain-webhook',
  parseConfig(env, { log }) {
    const config = parseWebhookConfig(env);
    for (const warning of config.warnings) log.warn(warning);
    return config;
  },
  // A LOGDRAIN_WEBHOOK_SECRET_ARN secret is read here, during init, so one
  // that cannot be read fails init loudly.
  async createDestination(parsed) {
    const config = await withWebhookSecret(parsed);
    return deferDestination({
      name: 'webhook',
      limits: WEBHOOK_LIMITS,
      async load() {
        const { createWebhookDestination } = await import('./destination.js');
        return createWebhookDestination(config);
      },
    });
  },
});
