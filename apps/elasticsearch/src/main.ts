import { deferDestination, runExtension } from '@logdrain/core';
import { parseElasticsearchConfig } from './config.js';
import { limitsFor } from './limits.js';

// runExtension registers before anything heavy loads; the destination
// module (and whatever it imports) loads only once the settings are valid.
await runExtension({
  defaultName: 'logdrain-elasticsearch',
  parseConfig(env, { log }) {
    const config = parseElasticsearchConfig(env);
    for (const warning of config.warnings) log.warn(warning);
    return config;
  },
  createDestination(config) {
    const load = async () => {
      const { createElasticsearchDestination } = await import(
        './destination.js'
      );
      return createElasticsearchDestination(config);
    };
    // A …_ARN secret is read during init, so one that cannot be read fails
    // init loudly; otherwise the destination (node:https, zlib, the signer) loads at
    // the first send, after the first /event/next.
    return config.secrets.length > 0
      ? load()
      : deferDestination({
          name: 'elasticsearch',
          limits: limitsFor(config),
          load,
        });
  },
});
