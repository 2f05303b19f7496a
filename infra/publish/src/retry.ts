/** How throttled or failed AWS calls are retried. */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 8). */
  readonly maxAttempts?: number;
  /** Full-jitter backoff: random(0, min(capMs, baseMs * 2^(n-1))). */
  readonly baseMs?: number;
  readonly capMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

interface AwsErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

/** Throttling: the call was refused, so repeating it is always safe. */
export function isThrottling(error: unknown): boolean {
  const e = error as AwsErrorShape;
  return (
    e?.$metadata?.httpStatusCode === 429 ||
    e?.$retryable?.throttling === true ||
    ['TooManyRequestsException', 'ThrottlingException', 'Throttling'].includes(
      e?.name ?? ''
    )
  );
}

/** A 5xx answer or no answer at all: the call may or may not have happened. */
export function isTransient(error: unknown): boolean {
  const e = error as AwsErrorShape;
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500;
  return /ECONNRESET|ETIMEDOUT|EPIPE|socket hang up|TimeoutError|ECONNREFUSED/i.test(
    `${e?.name ?? ''} ${e?.code ?? ''} ${(error as Error)?.message ?? ''}`
  );
}

const realSleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call` until it succeeds, retrying the errors `shouldRetry` accepts
 * (default: throttling only) with full-jitter backoff.
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  opts: RetryPolicy & { shouldRetry?: (error: unknown) => boolean } = {}
): Promise<T> {
  const maxAttempts = opts.maxAttempts ?? 8;
  const baseMs = opts.baseMs ?? 500;
  const capMs = opts.capMs ?? 20_000;
  const sleep = opts.sleep ?? realSleep;
  const random = opts.random ?? Math.random;
  const shouldRetry = opts.shouldRetry ?? isThrottling;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= maxAttempts || !shouldRetry(error)) throw error;
      await sleep(
        Math.floor(random() * Math.min(capMs, baseMs * 2 ** (attempt - 1)))
      );
    }
  }
}
