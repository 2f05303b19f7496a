/*
 * The shapes of @logdrain/core's Destination contract, repeated here
 * structurally: testkit cannot depend on core (core's own tests depend on
 * testkit), and TypeScript compares shapes, so a core `Destination` is a
 * `ContractDestination` and a `ContractEvent` is a core `LogEvent`.
 */

/** Same as core's `FunctionContext`. */
export interface ContractFunctionContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly region: string;
  readonly memorySizeMb: number;
  readonly accountId?: string;
  readonly architecture: 'x86_64' | 'arm64';
  readonly instanceId: string;
  readonly extensionName: string;
}

/** Same as core's `LogEvent`. */
export interface ContractEvent {
  readonly time: string;
  readonly timeMs: number;
  readonly type: string;
  readonly stream: 'platform' | 'function' | 'extension';
  readonly record: unknown;
  readonly message: string;
  readonly level?: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
  readonly requestId?: string;
  readonly coldStart: boolean;
  readonly context: ContractFunctionContext;
}

/** Same as core's `Logger`. */
export interface ContractLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(component: string): ContractLogger;
}

/** Same as core's `SendContext`. */
export interface ContractSendContext {
  readonly signal: AbortSignal;
  readonly attempt: number;
  readonly log: ContractLogger;
}

/** Same as core's `SendOutcome`. */
export type ContractOutcome =
  | { readonly status: 'delivered' }
  | {
      readonly status: 'retry';
      readonly reason: string;
      readonly retryAfterMs?: number;
      readonly remaining?: readonly ContractEvent[];
    }
  | {
      readonly status: 'rejected';
      readonly reason: string;
      readonly remaining?: readonly ContractEvent[];
    };

/** Same as core's `Destination`. */
export interface ContractDestination {
  readonly name: string;
  readonly limits: {
    readonly maxBatchBytes: number;
    readonly maxBatchItems: number;
  };
  send(
    batch: readonly ContractEvent[],
    ctx: ContractSendContext
  ): Promise<ContractOutcome>;
  close?(): Promise<void>;
}
