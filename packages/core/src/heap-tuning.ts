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
 * and bring ten times the full GCs). On Node 24.21.0 (V8 13.6) the flag
 * holds the standalone webhook layer's young generation at 4 MiB too
 * (heap space statistics every 10 ms through that load); the test's
 * harsher flood grows it there page by page to 14.5 MiB (64 MiB untuned).
 */
export const YOUNG_GENERATION_CAP_BYTES = 4 * 1024 * 1024;

/**
 * After a full GC the old generation may grow to 1.5 × what survived,
 * instead of up to 4 × on a small heap (without it the webhook layer above
 * peaked at about 1.55× the null extension's even with a capped young
 * generation).
 */
export const OLD_GENERATION_FLAG = '--heap-growing-percent=50';

/**
 * No TurboFan where Maglev runs, set from Node 24 (Maglev is on there; Node
 * 20 and Node 22.9.0 and later leave it off; Node 22.0–22.8 had it on, but
 * the flag was not measured there and is not set): hot functions get
 * Maglev's code instead. TurboFan's compiles
 * touched 5.5 MiB more of the node binary (file-backed RSS) and hold their
 * graphs in malloc'd zones. The standalone layer (webhook on Node
 * 24.21.0), 10,000 lines per invoke, 10 invokes, 15 runs interleaved with
 * the null extension on the same binary: peak RSS 1.32× → 1.23× the null
 * extension's, CPU per line 0.99× (median of the paired runs; 1.01× in a
 * second set); 40 invokes (5 pairs) 1.02× (mean), 1.09× (median). Without
 * Maglev too: 1.19× at CPU 1.13×. On Node 20, where code would stay in
 * Sparkplug's baseline: webhook 1.21× → 1.11× but CPU 1.12×,
 * elasticsearch 1.24× → 1.15× at CPU 1.14×, so not there.
 */
export const OPTIMIZER_FLAG = '--no-turbofan';

/** The Node.js major from which {@link OPTIMIZER_FLAG} is set. */
const MAGLEV_NODE_MAJOR = 24;

/** What {@link capHeap} needs of node:v8, node:perf_hooks and process. */
export interface HeapModules {
  readonly setFlagsFromString: (flags: string) => void;
  readonly getHeapSpaceStatistics: () => ReadonlyArray<{
    readonly space_name: string;
    readonly space_size: number;
  }>;
  readonly PerformanceObserver: typeof Observer;
  /** `process.version`, e.g. `v24.21.0`. */
  readonly nodeVersion: string;
}

/**
 * Sets {@link OLD_GENERATION_FLAG} now, {@link OPTIMIZER_FLAG} on Node
 * {@link MAGLEV_NODE_MAJOR} and later, and, after the first garbage
 * collection that leaves the young generation at
 * {@link YOUNG_GENERATION_CAP_BYTES} or more, `--semi-space-growth-factor=1`
 * (read by V8 each time it would grow the young generation). Flags set at
 * run time, not on node's command line: any flag there makes Node's
 * built-in code cache unusable for the whole start (+20 ms of CPU). Node's
 * own modules loaded later compile without it, once.
 *
 * @example
 * const [v8, perf] = await Promise.all([import('node:v8'), import('node:perf_hooks')]);
 * capHeap({ ...v8, PerformanceObserver: perf.PerformanceObserver, nodeVersion: process.version });
 */
export function capHeap(modules: HeapModules): void {
  modules.setFlagsFromString(OLD_GENERATION_FLAG);
  const major = Number(/^v(\d+)\./.exec(modules.nodeVersion)?.[1]);
  if (major >= MAGLEV_NODE_MAJOR) modules.setFlagsFromString(OPTIMIZER_FLAG);
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
        capHeap({
          ...v8,
          PerformanceObserver: perf.PerformanceObserver,
          nodeVersion: process.version,
        }),
      () => undefined
    );
  }, 0).unref();
}
