/**
 * True when `promise` settles before `deadlineMs` and before `signal` aborts.
 *
 * @example
 * const finished = await settlesBefore(flush, { deadlineMs: Date.now() + 1_000, nowMs: Date.now });
 */
export async function settlesBefore(
  promise: Promise<unknown>,
  opts: {
    deadlineMs: number;
    signal?: AbortSignal | undefined;
    nowMs: () => number;
  }
): Promise<boolean> {
  const { signal } = opts;
  const leftMs = opts.deadlineMs - opts.nowMs();
  if (leftMs <= 0 || signal?.aborted) return false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stop = (): void => undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), leftMs);
    stop = () => resolve(false);
    signal?.addEventListener('abort', stop, { once: true });
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', stop);
  }
}
