import type {
  ContractDestination,
  ContractEvent,
} from './destination-shape.js';

/** An HTTP answer the suite injects in place of the real server's. */
export interface ContractReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** One record as the real server holds it, mapped back by the subject. */
export interface ContractStoredRecord {
  /** The `message` of the event it came from, exactly as stored. */
  readonly message: string;
  /** The event's `record` as stored, when the destination ships it. */
  readonly record?: unknown;
}

/**
 * The real server a destination writes to (an HTTPS receiver, moto,
 * OpenSearch, the OpenTelemetry Collector...), started by the subject.
 */
export interface ContractServer {
  /**
   * The URL a destination is aimed at, e.g. `https://127.0.0.1:8443/ingest`.
   * The suite puts its fault proxy in front by swapping host and port.
   */
  readonly endpoint: string;
  /** Every record the server holds now (the suite finds its own by message). */
  readRecords(): Promise<readonly ContractStoredRecord[]>;
  /**
   * Requests received so far. Required when `endpoint` is https: the fault
   * proxy cannot see inside TLS (for plain http the proxy counts them).
   */
  requestCount?(): number;
  /**
   * Makes the server itself answer the next `count` requests with `reply`.
   * Required when `endpoint` is https, where the proxy cannot answer in the
   * server's place; for plain http the proxy does it.
   */
  answerNext?(opts: {
    readonly reply: ContractReply;
    readonly count: number;
  }): void | Promise<void>;
  /** Forgets scripted answers (and records, if it can); called between checks. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Whether a batch replayed after a lost response is stored once. */
export type ContractDuplicates =
  | {
      readonly prevented: true;
      /** How, e.g. "document ids derived from the batch content". */
      readonly how: string;
    }
  | {
      readonly prevented: false;
      /** Why not, e.g. "the receiver decides: it gets X-Logdrain-Batch-Id". */
      readonly why: string;
    };

/** Whether one send() can fail some records and deliver the others. */
export type ContractPartialFailure =
  | { readonly supported: false; readonly why: string }
  | {
      readonly supported: true;
      /**
       * Turns an event into one the real server refuses on its own while
       * accepting the rest of the batch (e.g. a field of the wrong type for
       * OpenSearch, a timestamp too old for CloudWatch Logs).
       */
      makeFailing(event: ContractEvent): ContractEvent;
    };

/** The destination's `parse<Name>Config(env)` and the cases to try. */
export interface ContractConfigCases {
  /** Throws (a ConfigError) naming every bad variable. */
  parse(env: Readonly<Record<string, string | undefined>>): unknown;
  /** A complete, valid environment: parse must accept it. */
  readonly validEnv: Readonly<Record<string, string>>;
  /** Each is removed from validEnv in turn: the message must name it. */
  readonly required: readonly string[];
  /** Each is set in validEnv in turn: the message must name the variable. */
  readonly malformed: ReadonlyArray<{
    readonly variable: string;
    readonly value: string;
  }>;
}

/**
 * What a destination's test supplies to the contract suite.
 *
 * @example
 * const subject: ContractSubject = {
 *   name: 'webhook',
 *   startServer: () => startReceiverContractServer(),
 *   createDestination: ({ endpoint, server }) =>
 *     createWebhookDestination({ ...config, url: endpoint, ca: server.receiver.ca }),
 *   duplicates: { prevented: false, why: 'the receiver decides' },
 *   partialFailure: { supported: false, why: 'one status per request' },
 *   config: { parse: parseWebhookConfig, validEnv, required, malformed },
 * };
 */
export interface ContractSubject<
  TServer extends ContractServer = ContractServer,
> {
  /** What `destination.name` must be, e.g. "webhook". */
  readonly name: string;
  /** Starts the real server; called once per suite, stopped at its end. */
  startServer(): Promise<TServer>;
  /**
   * Builds the destination aimed at `endpoint` (the server's own, or the
   * fault proxy's in front of it). Called once per check; the suite closes
   * it. Build it as production does: same client, same settings.
   */
  createDestination(opts: {
    readonly endpoint: string;
    readonly server: TServer;
  }): ContractDestination | Promise<ContractDestination>;
  readonly duplicates: ContractDuplicates;
  readonly partialFailure: ContractPartialFailure;
  readonly config: ContractConfigCases;
  /** At most this many requests per send() (default 1). */
  readonly requestsPerSend?: number;
  /**
   * The largest single record checked (default: the smaller of 256 KiB,
   * Lambda's largest log line, and what fits in `limits.maxBatchBytes`).
   */
  readonly maxRecordBytes?: number;
  /** How long a send() may take to return after its signal aborts (default 500 ms). */
  readonly abortBoundMs?: number;
  /** Shapes injected answers like the real service's (default: text bodies). */
  faultReply?(status: number): ContractReply;
}
