import type {
  ContractEvent,
  ContractFunctionContext,
  ContractLogger,
  ContractSendContext,
} from './destination-shape.js';

const CONTEXT: ContractFunctionContext = Object.freeze({
  functionName: 'contract-fn',
  functionVersion: '$LATEST',
  region: 'eu-west-1',
  memorySizeMb: 128,
  accountId: '123456789012',
  architecture: 'x86_64',
  instanceId: 'c0ffee00',
  extensionName: 'logdrain-contract',
});

const BASE_MS = Date.UTC(2026, 0, 20, 9, 0, 0);

/**
 * A function log event whose message starts with `tag #n`, so that the
 * suite can find it among the server's records.
 *
 * @example
 * contractEvent({ tag: 'contract-x-1-shape', n: 0 }).message; // 'contract-x-1-shape #0'
 */
export function contractEvent(opts: {
  readonly tag: string;
  readonly n: number;
  /** Appended to the message after a space. */
  readonly text?: string;
  /** The record; default the Node runtime's text line. */
  readonly record?: unknown;
}): ContractEvent {
  const time = new Date(BASE_MS + opts.n).toISOString();
  const message =
    opts.text === undefined
      ? `${opts.tag} #${opts.n}`
      : `${opts.tag} #${opts.n} ${opts.text}`;
  return {
    time,
    timeMs: BASE_MS + opts.n,
    type: 'function',
    stream: 'function',
    record: opts.record ?? `${time}\treq-contract\tINFO\t${message}\n`,
    message,
    level: 'INFO',
    requestId: 'req-contract',
    coldStart: false,
    context: CONTEXT,
  };
}

/** Bytes of the batch as one JSON array, as a JSON destination sends it. */
export function batchJsonBytes(batch: readonly ContractEvent[]): number {
  return Buffer.byteLength(JSON.stringify(batch), 'utf8');
}

const silent: ContractLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silent,
};

/** A send context with a silent logger. */
export function contractSendContext(
  signal: AbortSignal,
  attempt = 1
): ContractSendContext {
  return { signal, attempt, log: silent };
}
