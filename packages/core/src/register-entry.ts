// `@logdrain/core/register`: the modules a layer bundle runs before it
// registers (early-start.ts and what it imports), each re-exported whole.
// dist/index.js imports them from here (see tsup.config.ts), so a layer
// bundle that compiles its app only after registering (layer-build's
// registerFirst) holds them once and passes them to the app. Every module
// this file reaches must be listed: the build checks.
// biome-ignore-all lint/performance/noReExportAll: every export of these modules is the entry's, by design
export * from './default-logger.js';
export * from './early-settings.js';
export * from './early-start.js';
export * from './env-reader.js';
export * from './env-values.js';
export * from './errors.js';
export * from './extension-event.js';
export * from './extensions-client.js';
export * from './level.js';
export * from './local-http.js';
export * from './log-event.js';
export * from './process-guard.js';
export * from './registration.js';
