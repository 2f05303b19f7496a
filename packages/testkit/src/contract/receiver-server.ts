import {
  type HttpsReceiver,
  type ReceiverReply,
  startHttpsReceiver,
} from '../https-receiver.js';
import type { ContractServer, ContractStoredRecord } from './subject.js';

/** A contract server backed by startHttpsReceiver. */
export interface ReceiverContractServer extends ContractServer {
  readonly receiver: HttpsReceiver;
}

/** Reads a LogEvent posted as JSON back as a stored record. */
function logEventRecord(value: unknown): ContractStoredRecord | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { message, record } = value as { message?: unknown; record?: unknown };
  return typeof message === 'string' ? { message, record } : undefined;
}

/**
 * Starts startHttpsReceiver (real HTTPS, self-signed certificate) as a
 * contract server for destinations that POST LogEvents as JSON or NDJSON.
 * Aim the destination at `endpoint` and trust `receiver.ca`.
 *
 * @example
 * startServer: () => startReceiverContractServer(),
 */
export async function startReceiverContractServer(
  opts: {
    /** Maps one received record back; default: a LogEvent's message and record. */
    readonly toStored?: (value: unknown) => ContractStoredRecord | undefined;
  } = {}
): Promise<ReceiverContractServer> {
  const toStored = opts.toStored ?? logEventRecord;
  const scripted: Array<{ reply: ReceiverReply; count: number }> = [];
  let from = 0;
  const receiver = await startHttpsReceiver({
    statusFor() {
      const next = scripted[0];
      if (next === undefined) return undefined;
      next.count -= 1;
      if (next.count <= 0) scripted.shift();
      return next.reply;
    },
  });
  return {
    receiver,
    endpoint: receiver.url,
    async readRecords() {
      return receiver.requests
        .slice(from)
        .filter((r) => r.status !== undefined && r.status >= 200)
        .filter((r) => (r.status ?? 0) < 300)
        .flatMap((r) => r.records ?? [])
        .map((value) => toStored(value))
        .filter((stored) => stored !== undefined);
    },
    requestCount: () => receiver.requests.length,
    answerNext({ reply, count }) {
      scripted.push({ reply: { ...reply }, count });
    },
    async reset() {
      scripted.length = 0;
      receiver.setStatus(undefined);
      receiver.resume();
      from = receiver.requests.length;
    },
    stop: () => receiver.close(),
  };
}
