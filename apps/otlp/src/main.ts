import { deferDestination, runExtension } from '@logdrain/core';
import { parseOtlpConfig } from './config.js';
import { OTLP_LIMITS } from './limits.js';

// runExtension registers before anything heavy loads; the destination
// module (and the OpenTelemetry modules it imports) loads only once the
// settings are valid.
await runExtension({
  defaultName: 'logdrain-otlp',
  parseConfig(env, { log }) {
    const config = parseOtlpConfig(env);
    for (const warning of config.warnings) log.warn(warning);
    const host = new URL(config.url).hostname;
    if (config.url.startsWith('http:') && !isLoopback(host)) {
      log.warn(
        'OTLP endpoint is plain http: logs leave the function unencrypted',
        { host }
      );
    }
    return config;
  },
  // The encoder and zlib load at the first send, after the first
  // /event/next.
  createDestination: (config) =>
    deferDestination({
      name: 'otlp',
      limits: OTLP_LIMITS,
      async load() {
        const { createOtlpDestination } = await import('./destination.js');
        return createOtlpDestination(config);
      },
    }),
});

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}
