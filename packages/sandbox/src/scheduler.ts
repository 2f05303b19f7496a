interface Entry {
  fn: () => void;
  dueAtMs: number;
  remainingMs: number;
  pauses: boolean;
  handle: NodeJS.Timeout | undefined;
}

/**
 * Timers that stop while the environment is frozen (spec 2.3). A wall-clock
 * timer that came due during the freeze fires at the thaw; a pausing timer
 * (attempt timeouts) resumes with the time it had left, so frozen time never
 * counts against a request in flight.
 */
export class FreezableScheduler {
  #frozen = false;
  #entries = new Set<Entry>();

  get frozen(): boolean {
    return this.#frozen;
  }

  /** Returns a function that cancels the timer. */
  setTimeout(
    fn: () => void,
    delayMs: number,
    opts: { pauses?: boolean } = {}
  ): () => void {
    const entry: Entry = {
      fn,
      dueAtMs: Date.now() + delayMs,
      remainingMs: delayMs,
      pauses: opts.pauses ?? false,
      handle: undefined,
    };
    this.#entries.add(entry);
    if (!this.#frozen) this.#arm(entry, delayMs);
    return () => {
      if (entry.handle) clearTimeout(entry.handle);
      this.#entries.delete(entry);
    };
  }

  freeze(): void {
    if (this.#frozen) return;
    this.#frozen = true;
    const now = Date.now();
    for (const entry of this.#entries) {
      if (entry.handle) clearTimeout(entry.handle);
      entry.handle = undefined;
      entry.remainingMs = Math.max(0, entry.dueAtMs - now);
    }
  }

  thaw(): void {
    if (!this.#frozen) return;
    this.#frozen = false;
    const now = Date.now();
    for (const entry of this.#entries) {
      const delayMs = entry.pauses
        ? entry.remainingMs
        : Math.max(0, entry.dueAtMs - now);
      entry.dueAtMs = now + delayMs;
      this.#arm(entry, delayMs);
    }
  }

  /** Cancels every timer. */
  clear(): void {
    for (const entry of this.#entries) {
      if (entry.handle) clearTimeout(entry.handle);
    }
    this.#entries.clear();
  }

  #arm(entry: Entry, delayMs: number): void {
    entry.handle = setTimeout(() => {
      this.#entries.delete(entry);
      entry.fn();
    }, delayMs);
    entry.handle.unref();
  }
}
