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
export type { Decoder, DecoderOptions } from './decode.js';
export { createDecoder } from './decode.js';
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
export type { LogLineFields } from './log-line.js';
export { readLogRecord } from './log-line.js';
export type { Logger } from './logger.js';
export type { LossStats } from './loss-stats.js';
export {
  createLossStats,
  describeLosses,
  describeLossKinds,
} from './loss-stats.js';
export type { Pipeline, PipelineOptions } from './pipeline.js';
export { createPipeline } from './pipeline.js';
export { summarizePlatformEvent } from './platform-summary.js';
export type { RedactionName, Redactor, RedactorOptions } from './redact.js';
export { createRedactor, passesLuhn, REDACTION_NAMES } from './redact.js';
