import { runExtension } from '@logdrain/core';
import { parseElasticsearchConfig } from './config.js';

// runExtension registers before anything heavy loads; the destination
// module (and whatever it imports) loads only once the settings are valid.
await runExtension({
  defaultName: 'logdrain-elasticsearch',
  parseConfig(env, { log }) {
    const config = parseElasticsearchConfig(env);
    for (const warning of config.warnings) log.warn(warning);
    return config;
  },
  async createDestination(config) {
    const { createElasticsearchDestination } = await import('./destination.js');
    return createElasticsearchDestination(config);
  },
});
