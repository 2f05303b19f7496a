export type {
  Destination,
  DestinationLimits,
  SendContext,
  SendOutcome,
} from './destination.js';
export type { ConfigProblem, ErrorCode } from './errors.js';
export { ConfigError, ExtensionError } from './errors.js';
export type {
  FunctionContext,
  LogEvent,
  LogLevel,
  LogStream,
} from './log-event.js';
export { LOG_LEVELS } from './log-event.js';
export type { Logger } from './logger.js';
