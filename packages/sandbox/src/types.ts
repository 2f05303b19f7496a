import type { ProcessStats, SubscriptionStats } from './stats-types.js';

export type {
  ProcessStats,
  StreamCounts,
  SubscriptionStats,
} from './stats-types.js';

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** Layer zips or folders, extracted in order into one temporary "/opt". */
  layers: string[];
  /**
   * The function: a JS module exporting `handler` (run by the built-in Node
   * runtime client) or a bootstrap executable that talks to the Runtime API
   * itself (like `provided.al2023`). See `runtime`.
   */
  handler: string;
  /**
   * How `handler` runs. Default: 'node' for a .js, .mjs or .cjs file,
   * 'bootstrap' (the file is executed) for anything else.
   */
  runtime?: 'node' | 'bootstrap';
  /** Customer variables: given to the runtime and to the extensions. */
  env?: Record<string, string>;
  /** Default 'sandbox-function'. */
  functionName?: string;
  /** Default 128. */
  memorySizeMb?: number;
  /** Function timeout over the whole invoke phase, default 3000. */
  timeoutMs?: number;
  /** Default 'us-east-1'. */
  region?: string;
  /** Default '123456789012'. */
  accountId?: string;
  /** AWS_LAMBDA_LOG_FORMAT for the runtime; default Text. */
  logFormat?: 'Text' | 'JSON';
  /**
   * The Node.js binary: it runs the built-in runtime client and its folder is
   * first on every process's PATH; AWS_EXECUTION_ENV follows its major
   * version. 'none' leaves Node.js off every PATH (a non-Node runtime).
   * Default: the Node.js running the sandbox.
   */
  nodePath?: string;
  /** Limit of the whole Init phase, default 10_000. */
  initTimeoutMs?: number;
  /** Shutdown phase limit, default 2_000. */
  shutdownBudgetMs?: number;
  /** 'not-supported' answers subscriptions with 202 NotSupported. */
  telemetry?: 'supported' | 'not-supported';
  /** Default true: SIGSTOP every process between invokes, SIGCONT on thaw. */
  freeze?: boolean;
  /** Per-subscriber buffer cap before records are dropped, default 8 MiB. */
  telemetryBufferMaxBytes?: number;
  /** Time a telemetry POST may take before it is retried, default 5_000. */
  deliveryTimeoutMs?: number;
  /**
   * Lines the built-in Node.js runtime logs per invoke before calling the
   * handler (see {@link InvokeOptions}); default 0. Node.js runtime only.
   */
  lines?: number;
  /** Bytes of each generated message, default 100. */
  lineBytes?: number;
  /**
   * 'managed-instances' emulates Lambda Managed Instances (spec 2.7):
   * registering for INVOKE is refused, invokes may run at once, nothing is
   * frozen, no platform.runtimeDone, Telemetry schema 2025-01-29 only, no
   * Logs API. Default 'default'.
   */
  mode?: 'default' | 'managed-instances';
  /** AWS_LAMBDA_MAX_CONCURRENCY in managed-instances mode, default 4. */
  maxConcurrency?: number;
}

/** Per-invoke settings of the built-in Node.js runtime. */
export interface InvokeOptions {
  /**
   * Lines the runtime client logs (console.log, INFO) before calling the
   * handler; default the sandbox's `lines`.
   */
  lines?: number;
  /** Bytes of each generated message; default the sandbox's `lineBytes`. */
  lineBytes?: number;
}

/** Outcome of the Init phase. */
export interface InitReport {
  status: string;
  durationMs: number;
  errorType?: string;
  phase: 'init' | 'invoke';
}

/** One execution environment: see {@link startSandbox}. */
export interface Sandbox {
  /** host:port of the Runtime, Extensions, Telemetry and Logs APIs. */
  readonly runtimeApi: string;
  /** The report of the latest Init phase. */
  readonly initReport: InitReport;
  /** Runs one invoke; resolves when the invoke phase ends. */
  invoke(payload?: unknown, opts?: InvokeOptions): Promise<InvokeResult>;
  /**
   * Holds telemetry for one subscriber (by extension name) or for all, as
   * if it answered slowly: records buffer, overflow drops them and a
   * platform.logsDropped follows once delivery resumes. Also applies to
   * subscriptions made later (after a reset).
   */
  pauseDelivery(subscriber?: string): void;
  /** Ends {@link Sandbox.pauseDelivery} for one subscriber or for all. */
  resumeDelivery(subscriber?: string): void;
  /** Ends the environment: SHUTDOWN to the extensions, SIGKILL at the deadline. */
  shutdown(opts?: {
    reason?: 'spindown' | 'timeout' | 'failure';
  }): Promise<ShutdownResult>;
  /** Every telemetry POST attempt and its outcome, retries included. */
  readonly deliveries: readonly Delivery[];
  /** Every call extensions made (Extensions, Telemetry and Logs APIs). */
  readonly apiCalls: readonly ApiCall[];
  /** Every call the runtime made (Runtime API). */
  readonly runtimeCalls: readonly ApiCall[];
  /** Lines the extensions wrote on stdout and stderr, newline removed. */
  readonly extensionOutput: readonly string[];
  /** Lines the runtime process wrote (console frames and raw output). */
  readonly functionOutput: readonly string[];
  /** Every telemetry event generated so far, before per-subscriber mapping. */
  readonly events: readonly TelemetryEvent[];
  /** Every subscription made so far, across resets, with its record counts. */
  readonly subscriptions: readonly SubscriptionStats[];
  /** Every extension process started so far, across resets, in start order. */
  readonly extensionStats: readonly ProcessStats[];
  /** Every runtime process started so far, across resets. */
  readonly runtimeStats: readonly ProcessStats[];
  /** The temporary "/opt" the layers were extracted into. */
  readonly optDir: string;
  /** Kills everything and removes the temporary folders. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Outcome of one invoke. */
export interface InvokeResult {
  requestId: string;
  response: unknown;
  error?: unknown;
  status: 'success' | 'error' | 'timeout' | 'failure';
  /** platform.start → platform.report. */
  durationMs: number;
  /** platform.runtimeDone → the last extension's next. */
  postRuntimeMs: number;
  /**
   * Epoch ms when the runtime posted its response or error: the moment Lambda
   * answers the caller, before extensions finish (spec 2.2).
   */
  responseAtMs?: number;
  /** Error type of a failed invoke, e.g. Runtime.ExitError, Extension.Crash. */
  errorType?: string;
  /** Present when the invoke failed and the environment was reset. */
  reset?: ShutdownResult;
}

/** One telemetry POST attempt. */
export interface Delivery {
  /** Name of the subscribed extension. */
  subscriber: string;
  /** Epoch ms when the POST started. */
  atMs: number;
  phase: 'init' | 'invoke' | 'shutdown';
  /**
   * Events of the body. A record larger than maxBytes is cut across two
   * POSTs: the first carries `events: []`, the second the record.
   */
  events: unknown[];
  /** HTTP status, or 'error' for a connection error or timeout. */
  status: number | 'error';
  /** Body size in bytes. */
  bytes: number;
  /** 'first' or 'last' for the two parts of a cut record. */
  part?: 'first' | 'last';
  /** URL path the POST went to. */
  path: string;
}

/** One HTTP call to the sandbox's API server. */
export interface ApiCall {
  method: string;
  path: string;
  /** Undefined while the call is held open (a pending next). */
  status: number | undefined;
  /** Epoch ms when the request arrived. */
  atMs: number;
  /** Name of the calling extension when it could be identified. */
  extension?: string;
  /** errorType of an error response. */
  errorType?: string;
}

/** What happened to each extension process at shutdown. */
export interface ShutdownResult {
  reason: string;
  /** Epoch ms when SHUTDOWN went to the extensions (after the runtime ended). */
  sentAtMs: number;
  deadlineMs: number;
  extensions: Array<{
    name: string;
    exitCode: number | null;
    signal: string | null;
    exitedAtMs: number;
    beforeDeadline: boolean;
  }>;
}

/** A telemetry event as generated, before mapping to a subscriber. */
export interface TelemetryEvent {
  time: string;
  type: string;
  record: unknown;
}
