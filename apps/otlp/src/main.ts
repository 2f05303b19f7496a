import { runExtension } from '@logdrain/core';
import { parseOtlpConfig } from './config.js';

// runExtension registers before anything heavy loads; the destination
// module (and whatever it imports) loads only once the settings are valid.
await runExtension({
  defaultName: 'logdrain-otlp',
  parseConfig(env, { log }) {
    const config = parseOtlpConfig(env);
    for (const warning of config.warnings) log.warn(warning);
    return config;
  },
  async createDestination(config) {
    const { createOtlpDestination } = await import('./destination.js');
    return createOtlpDestination(config);
  },
});
