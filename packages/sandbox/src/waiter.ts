/** Wakes the phases up when anything in the environment changed. */
export class Waiter {
  #checks = new Set<() => void>();

  notify(): void {
    for (const check of [...this.#checks]) check();
  }

  /** Resolves true once `pred` holds, false when the time runs out first. */
  until(pred: () => boolean, timeoutMs: number): Promise<boolean> {
    if (pred()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#checks.delete(check);
      };
      const check = (): void => {
        if (!pred()) return;
        cleanup();
        resolve(true);
      };
      const timer = setTimeout(
        () => {
          cleanup();
          resolve(pred());
        },
        Math.max(0, timeoutMs)
      );
      this.#checks.add(check);
    });
  }
}

/** A plain delay for the phases (never used while waiting on state). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
