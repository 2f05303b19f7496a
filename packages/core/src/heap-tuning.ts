import type { PerformanceObserver as Observer } from 'node:perf_hooks';

/**
 * The young generation (both semi-spaces) stops growing once it is this
 * large. V8 doubles it, up to 2 × 16 MiB on a 64-bit machine, while lines
 * pour in, and the pages it touched stay in RSS. Webhook layer, 10,000
 * lines per invoke, 10 invokes, 15 runs interleaved with the untuned
 * layer and the null extension: peak RSS 1.97× the null extension's
 * untuned; 1.25× at 4 MiB, CPU per line 1.03× (mean; median 1.05×);
 * 1.21× at 2 MiB, its initial size, CPU 1.08× (the queued events survive
 * more scavenges); 1.35× at 8 MiB, CPU 1.04×. At 4 MiB (6 runs each):
 * otlp 1.86× → 1.21×, CPU 1.08×; cloudwatch 2.17× → 1.38×, CPU 1.4× (its
 * 1 MB PutLogEvents batches, copied by the SDK, outlive small scavenges
 * and bring ten times the full GCs).
 */
export const YOUNG_GENERATION_CAP_BYTES = 4 * 1024 * 1024;

/**
 * After a full GC the old generation may grow to 1.5 × what survived,
 * instead of up to 4 × on a small heap (without it the webhook layer above
 * peaked at about 1.55× the null extension's even with a capped young
 * generation).
 */
export const OLD_GENERATION_FLAG = '--heap-growing-percent=50';

/** What {@link capHeap} needs of node:v8 and node:perf_hooks. */
export interface HeapModules {
  readonly setFlagsFromString: (flags: string) => void;
  readonly getHeapSpaceStatistics: () => ReadonlyArray<{
    readonly space_name: string;
    readonly space_size: number;
  }>;
  readonly PerformanceObserver: typeof Observer;
}

/**
 * Sets {@link OLD_GENERATION_FLAG} now and, after the first garbage
 * collection that leaves the young generation at
 * {@link YOUNG_GENERATION_CAP_BYTES} or more, `--semi-space-growth-factor=1`
 * (read by V8 each time it would grow the young generation). Flags set at
 * run time, not on node's command line: any flag there makes Node's
 * built-in code cache unusable for the whole start (+20 ms of CPU). Node's
 * own modules loaded later compile without it, once.
 *
 * @example
 * const [v8, perf] = await Promise.all([import('node:v8'), import('node:perf_hooks')]);
 * capHeap({ ...v8, PerformanceObserver: perf.PerformanceObserver });
 */
export function capHeap(modules: HeapModules): void {
  modules.setFlagsFromString(OLD_GENERATION_FLAG);
  const observer = new modules.PerformanceObserver(() => {
    const young = modules
      .getHeapSpaceStatistics()
      .find((space) => space.space_name === 'new_space');
    if ((young?.space_size ?? 0) < YOUNG_GENERATION_CAP_BYTES) return;
    modules.setFlagsFromString('--semi-space-growth-factor=1');
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}

/**
 * Loads node:v8 and node:perf_hooks (about 1 ms) and calls
 * {@link capHeap} on a later turn of the event loop, after the caller's
 * next request went out. The timer does not hold the process open.
 *
 * @example
 * capHeapSoon();
 * await runInvokeLoop(opts); // sends /event/next first
 */
export function capHeapSoon(): void {
  setTimeout(() => {
    Promise.all([import('node:v8'), import('node:perf_hooks')]).then(
      ([v8, perf]) =>
        capHeap({ ...v8, PerformanceObserver: perf.PerformanceObserver }),
      () => undefined
    );
  }, 0).unref();
}
