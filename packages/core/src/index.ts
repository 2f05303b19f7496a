export { awsErrorOf, parseJsonObject, xmlText } from './aws-answer.js';
export type { AwsAnswer, AwsClient, AwsClientOptions } from './aws-client.js';
export { createAwsClient } from './aws-client.js';
export type { AwsCredentials } from './aws-credentials.js';
export {
  readAwsCredentials,
  requireAwsCredentials,
} from './aws-credentials.js';
export { AWS_REGION_PATTERN, awsEndpoint } from './aws-endpoint.js';
export { postAwsJson } from './aws-json-call.js';
export type {
  RequestSigner,
  SignableRequest,
  SigV4Options,
} from './aws-sigv4.js';
export { createSigV4Signer, escapeUri } from './aws-sigv4.js';
export type { BackoffOptions } from './backoff.js';
export { fullJitterBackoff } from './backoff.js';
export type { CutBatchOptions } from './batcher.js';
export { cutBatch, estimateEventBytes } from './batcher.js';
export type {
  CircuitBreaker,
  CircuitBreakerOptions,
  CircuitState,
} from './circuit-breaker.js';
export { createCircuitBreaker } from './circuit-breaker.js';
export type { LoadedEnv } from './config-file.js';
export { CONFIG_FILE_VARIABLE, loadEnvWithConfigFile } from './config-file.js';
export type { CoreConfig, TelemetryBuffering } from './core-config.js';
export { CORE_LIMITS, parseCoreConfig } from './core-config.js';
export type { Decoder, DecoderOptions } from './decode.js';
export { createDecoder } from './decode.js';
export type { CreateLoggerOptions, LoggerLevel } from './default-logger.js';
export {
  createLogger,
  createSilentLogger,
  LOGGER_LEVELS,
} from './default-logger.js';
export type { DeferredDestinationOptions } from './deferred-destination.js';
export { deferDestination } from './deferred-destination.js';
export type {
  Destination,
  DestinationLimits,
  SendContext,
  SendOutcome,
} from './destination.js';
export { resolveLogLevel, resolveOnConfigError } from './early-settings.js';
export type { Env, EnvReader, IntOptions } from './env-reader.js';
export { createEnvReader } from './env-reader.js';
export { formatBytes, hideUrlSecrets, parseRegex } from './env-values.js';
export type { ConfigProblem, ErrorCode } from './errors.js';
export { ConfigError, ExtensionError } from './errors.js';
export { joinEventsJson } from './events-json.js';
export type {
  ExtensionEvent,
  InvokeEvent,
  ShutdownEvent,
} from './extension-event.js';
export type {
  ExtensionsClient,
  RegisterResult,
} from './extensions-client.js';
export { createExtensionsClient } from './extensions-client.js';
export type { FlushPolicy, FlushPolicySpec } from './flush-policy.js';
export {
  createFlushPolicy,
  FLUSH_POLICY_ALLOWED,
  parseFlushPolicy,
} from './flush-policy.js';
export type {
  Flusher,
  FlusherOptions,
  FlushOptions,
  FlushResult,
} from './flusher.js';
export { createFlusher } from './flusher.js';
export type { FunctionContextOptions } from './function-context.js';
export { createFunctionContext } from './function-context.js';
export {
  describeRequestError,
  outcomeFromStatus,
  parseRetryAfter,
} from './http-outcome.js';
export type {
  HttpPool,
  HttpPoolOptions,
  HttpPoolRequest,
  HttpPoolResponse,
} from './http-pool.js';
export { createHttpPool } from './http-pool.js';
export { INVOKE_SAFETY_MS, RUNTIME_DONE_RESERVE_MS } from './invoke-loop.js';
export { isLevelAtLeast, parseLevel } from './level.js';
export type { Listener, ListenerOptions } from './listener.js';
export {
  MAX_BODY_BYTES,
  resolveListenerHost,
  SANDBOX_HOSTNAME,
  startListener,
} from './listener.js';
export type {
  FunctionContext,
  LogEvent,
  LogLevel,
  LogStream,
} from './log-event.js';
export { LOG_LEVELS } from './log-event.js';
export type { Logger } from './logger.js';
export type { LossStats } from './loss-stats.js';
export { createLossStats, describeLosses } from './loss-stats.js';
export { BACKGROUND_FLUSH_MAX_MS, END_FLUSH_MAX_MS } from './next-hold.js';
export type { Pipeline, PipelineOptions } from './pipeline.js';
export { createPipeline } from './pipeline.js';
export type { EventQueue, QueueOptions } from './queue.js';
export { createQueue } from './queue.js';
export type { RedactionName, Redactor, RedactorOptions } from './redact.js';
export { createRedactor, REDACTION_NAMES } from './redact.js';
export type { RedactSetting } from './redact-setting.js';
export { parseRedactSetting } from './redact-setting.js';
export type {
  RetryPlan,
  RetryTiming,
  RetryTimingOptions,
} from './retry-timing.js';
export {
  createRetryTiming,
  MAX_RETRY_AFTER_MS,
  MIN_ATTEMPT_MS,
} from './retry-timing.js';
export type { ExtensionApp } from './run-extension.js';
export { runExtension } from './run-extension.js';
export type { SecretArn } from './secret-arn.js';
export type { ReadSecretOptions, SecretSource } from './secret-read.js';
export { readSecret } from './secret-read.js';
export type {
  SecretSetting,
  SecretSettingOptions,
} from './secret-setting.js';
export { readSecretSetting } from './secret-setting.js';
export { describeError } from './send-attempt.js';
export type {
  DeliverOptions,
  DeliverResult,
  Sender,
  SenderOptions,
} from './sender.js';
export { createSender } from './sender.js';
export { SHUTDOWN_SAFETY_MS, STRAGGLER_MAX_MS } from './shutdown-drain.js';
export type {
  DiscardedPart,
  Stitcher,
  StitcherOptions,
} from './stitcher.js';
export { createStitcher } from './stitcher.js';
export type { TcpListener, TcpListenerOptions } from './tcp-listener.js';
export { startTcpListener } from './tcp-listener.js';
export type {
  SubscribeOptions,
  SubscriptionResult,
} from './telemetry-subscription.js';
export {
  LOGS_API_SCHEMA,
  subscribeTelemetry,
  TELEMETRY_SCHEMAS,
} from './telemetry-subscription.js';
