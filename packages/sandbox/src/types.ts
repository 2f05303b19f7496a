/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** Layer zips or folders, extracted in order into one temporary "/opt". */
  layers: string[];
  /** Path to a JS module exporting `handler` (async (event, context)). */
  handler: string;
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
  /** Node binary for the runtime and first on the extensions' PATH. */
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
  invoke(payload?: unknown): Promise<InvokeResult>;
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
