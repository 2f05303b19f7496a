import { isDeepStrictEqual } from 'node:util';
import type { ContractEvent, ContractOutcome } from './destination-shape.js';
import { contractSendContext } from './events.js';
import type { Rig } from './rig.js';
import type { VerdictBuilder } from './verdict.js';

/** How long any send() may stay pending before the suite gives up on it. */
export const SEND_SETTLE_MS = 15_000;

export interface CheckedSend {
  /** Undefined when send() threw, never settled or returned no valid outcome. */
  readonly outcome: ContractOutcome | undefined;
  /** Requests the server saw during this send(). */
  readonly requests: number;
  readonly elapsedMs: number;
}

const STATUSES = new Set(['delivered', 'retry', 'rejected']);

/**
 * Calls send() the way core does and records every rule it breaks on the
 * way: throwing, not settling, an invalid outcome, mutating the batch, or
 * more requests than the subject's requestsPerSend.
 *
 * @example
 * const { outcome } = await sendChecked({ rig, batch, verdict, requestsPerSend: 1 });
 */
export async function sendChecked(opts: {
  readonly rig: Rig;
  readonly batch: readonly ContractEvent[];
  readonly verdict: VerdictBuilder;
  readonly requestsPerSend: number;
  readonly signal?: AbortSignal;
  readonly attempt?: number;
}): Promise<CheckedSend> {
  const { rig, batch, verdict } = opts;
  const before = structuredClone(batch);
  const requestsBefore = rig.requestCount();
  const startedMs = Date.now();
  const signal = opts.signal ?? new AbortController().signal;
  let timer: NodeJS.Timeout | undefined;
  const pending = Symbol('pending');
  let result: ContractOutcome | typeof pending;
  try {
    result = await Promise.race([
      rig.destination.send(batch, contractSendContext(signal, opts.attempt)),
      new Promise<typeof pending>((resolve) => {
        timer = setTimeout(() => resolve(pending), SEND_SETTLE_MS);
      }),
    ]);
  } catch (error) {
    verdict.fail(
      'threw instead of returning an outcome',
      `send() rejected with ${describeError(error)}`
    );
    result = pending;
  } finally {
    clearTimeout(timer);
  }
  const elapsedMs = Date.now() - startedMs;
  const requests = rig.requestCount() - requestsBefore;
  if (!isDeepStrictEqual(before, structuredClone(batch))) {
    verdict.fail('mutated the batch', 'send() changed the events it was given');
  }
  if (requests > opts.requestsPerSend) {
    verdict.fail(
      'retries internally',
      `the server saw ${requests} requests for one send() (allowed ${opts.requestsPerSend}; core retries)`
    );
  }
  if (result === pending) {
    if (elapsedMs >= SEND_SETTLE_MS) {
      verdict.fail(
        'never settled',
        `send() still pending after ${SEND_SETTLE_MS / 1_000} s`
      );
    }
    return { outcome: undefined, requests, elapsedMs };
  }
  return { outcome: validOutcome(result, verdict), requests, elapsedMs };
}

function validOutcome(
  value: unknown,
  verdict: VerdictBuilder
): ContractOutcome | undefined {
  const status = (value as { status?: unknown } | undefined)?.status;
  if (typeof status !== 'string' || !STATUSES.has(status)) {
    verdict.fail(
      'returned no valid outcome',
      `expected { status: 'delivered' | 'retry' | 'rejected' }, got ${JSON.stringify(value)}`
    );
    return undefined;
  }
  const outcome = value as ContractOutcome;
  if (outcome.status !== 'delivered' && outcome.reason.trim() === '') {
    verdict.fail(
      'gave no reason',
      `a ${outcome.status} outcome needs a reason core can log`
    );
  }
  return outcome;
}

/** An error as one line: its name, code and message. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return JSON.stringify(error) ?? String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}`;
}
