import type { Destination, SendOutcome } from './destination.js';
import type { LogEvent } from './log-event.js';
import type { Logger } from './logger.js';

/**
 * Options of {@link attemptSend}.
 *
 * @example
 * const opts: AttemptOptions = { attempt: 1, timeoutMs: 5_000, log };
 */
export interface AttemptOptions {
  /** 1 for the first try. */
  readonly attempt: number;
  /** The signal fires, and the attempt is abandoned, after this. */
  readonly timeoutMs: number;
  readonly log: Logger;
  /** Aborted: the attempt is abandoned at once, as at its timeout. */
  readonly signal?: AbortSignal;
}

/**
 * The reason of the `retry` outcome of an attempt abandoned because its
 * caller aborted (see AttemptOptions.signal).
 *
 * @example
 * if (outcome.status === 'retry' && outcome.reason === ATTEMPT_CUT_SHORT) requeue();
 */
export const ATTEMPT_CUT_SHORT = 'attempt cut short: the flush was aborted';

/**
 * One `destination.send` with a timeout: the destination gets an
 * AbortSignal that fires after `timeoutMs`, and an attempt that ignores it
 * is abandoned then (its late result is ignored). When `signal` aborts
 * first, the destination's signal fires too and the attempt is abandoned
 * with the reason {@link ATTEMPT_CUT_SHORT}. A thrown error, even a
 * synchronous one, becomes a `retry` outcome and is logged at error. Never
 * throws.
 *
 * @example
 * const outcome = await attemptSend(destination, batch, { attempt: 1, timeoutMs: 5_000, log });
 */
export async function attemptSend(
  destination: Destination,
  batch: readonly LogEvent[],
  opts: AttemptOptions
): Promise<SendOutcome> {
  const { attempt, timeoutMs, log, signal } = opts;
  if (signal?.aborted) return { status: 'retry', reason: ATTEMPT_CUT_SHORT };
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let abandon = (): void => undefined;
  const cutShort = new Promise<SendOutcome>((resolve) => {
    abandon = () => {
      controller.abort(new Error(ATTEMPT_CUT_SHORT));
      resolve({ status: 'retry', reason: ATTEMPT_CUT_SHORT });
    };
  });
  signal?.addEventListener('abort', abandon, { once: true });
  const timedOut = new Promise<SendOutcome>((resolve) => {
    // Not unref'd: the caller awaits this attempt, so it must keep the
    // process alive until it settles.
    timer = setTimeout(() => {
      const reason = `attempt timed out after ${timeoutMs} ms`;
      controller.abort(new Error(reason));
      resolve({ status: 'retry', reason });
    }, timeoutMs);
  });
  try {
    // Through a promise, so that a synchronous throw is caught too.
    const sent = Promise.resolve().then(() =>
      destination.send(batch, { signal: controller.signal, attempt, log })
    );
    // An abandoned attempt may still fail later: that must not become an
    // unhandled rejection (which would crash the process).
    sent.catch(() => undefined);
    return await Promise.race([sent, timedOut, cutShort]);
  } catch (error) {
    const reason = describeError(error);
    log.error('destination threw while sending', {
      destination: destination.name,
      attempt,
      error: reason,
    });
    return { status: 'retry', reason };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abandon);
  }
}

/**
 * "<code> <message>: <cause message>" of an error, e.g.
 * `UND_ERR_SOCKET other side closed`.
 *
 * @example
 * describeError(Object.assign(new Error('reset'), { code: 'ECONNRESET' })); // 'ECONNRESET reset'
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${typeof code === 'string' ? `${code} ` : ''}${error.message}${cause}`;
}
