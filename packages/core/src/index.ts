export type { BackoffOptions } from './backoff.js';
export { fullJitterBackoff } from './backoff.js';
export type { CutBatchOptions } from './batcher.js';
export {
  cutBatch,
  estimateEventBytes,
  splitIntoBatches,
} from './batcher.js';
export type {
  CircuitBreaker,
  CircuitBreakerOptions,
  CircuitState,
} from './circuit-breaker.js';
export { createCircuitBreaker } from './circuit-breaker.js';
export type {
  Destination,
  DestinationLimits,
  SendContext,
  SendOutcome,
} from './destination.js';
export type { ConfigProblem, ErrorCode } from './errors.js';
export { ConfigError, ExtensionError } from './errors.js';
export { isLevelAtLeast, parseLevel } from './level.js';
export type {
  FunctionContext,
  LogEvent,
  LogLevel,
  LogStream,
} from './log-event.js';
export { LOG_LEVELS } from './log-event.js';
export type { Logger } from './logger.js';
export type { LossStats } from './loss-stats.js';
export {
  createLossStats,
  describeLosses,
  describeLossKinds,
} from './loss-stats.js';
