import type { Child } from './child.js';
import { readProc } from './proc-stats.js';
import type { ProcessStats } from './types.js';

/** Sampling period while the environment is thawed. */
const SAMPLE_EVERY_MS = 10;

/**
 * Keeps each process's {@link ProcessStats} current: peak RSS and CPU time
 * from /proc while it lives, exit status once it ended.
 */
export class StatsSampler {
  readonly extensions: ProcessStats[] = [];
  readonly runtimes: ProcessStats[] = [];
  #live = new Map<Child, ProcessStats>();
  #timer: NodeJS.Timeout | undefined;

  /** Starts following a just-spawned process. */
  track(child: Child, stats: ProcessStats): void {
    (stats.kind === 'runtime' ? this.runtimes : this.extensions).push(stats);
    this.#live.set(child, stats);
    this.#sampleOne(child, stats);
    void child.exited.then((exit) => {
      this.#live.delete(child);
      stats.exitCode = exit.code;
      stats.signal = exit.signal;
      stats.exitedAtMs = exit.atMs;
    });
  }

  /** Reads /proc for every live process now. */
  sample(): void {
    for (const [child, stats] of this.#live) this.#sampleOne(child, stats);
  }

  /** Periodic sampling (environment thawed). */
  start(): void {
    this.#timer ??= setInterval(() => this.sample(), SAMPLE_EVERY_MS).unref();
  }

  /** Last sample, then no more until {@link start} (environment frozen). */
  stop(): void {
    this.sample();
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #sampleOne(child: Child, stats: ProcessStats): void {
    if (child.pid === undefined || !child.alive) return;
    const reading = readProc(child.pid);
    if (!reading) return;
    stats.cpuMs = Math.max(stats.cpuMs ?? 0, reading.cpuMs);
    if (reading.peakRssBytes !== undefined) {
      stats.peakRssBytes = Math.max(
        stats.peakRssBytes ?? 0,
        reading.peakRssBytes
      );
    }
  }
}
