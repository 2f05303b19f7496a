import { createHook } from 'node:async_hooks';

/**
 * Resource types that keep a process alive, with readable names. TLSWRAP
 * is left out: its destroy hook waits for garbage collection, and every TLS
 * socket sits on a TCPWRAP, which is seen closing.
 */
const TRACKED: ReadonlyMap<string, string> = new Map([
  ['Timeout', 'timer'],
  ['TCPWRAP', 'TCP socket'],
  ['PIPEWRAP', 'pipe'],
  ['UDPWRAP', 'UDP socket'],
  ['FSEVENTWRAP', 'file watcher'],
  ['STATWATCHER', 'file watcher'],
  ['PROCESSWRAP', 'child process'],
  ['SIGNALWRAP', 'signal handler'],
  ['FILEHANDLE', 'open file'],
]);

interface Live {
  readonly name: string;
  readonly resource: { hasRef?: () => boolean };
}

/** Handles created while recording that are still open. */
export interface HandleTracker {
  /** Stops noting new handles (closing ones are still seen). */
  stopRecording(): void;
  /** Still-open handles that keep the process alive, e.g. ['timer ×1']. */
  open(): string[];
  dispose(): void;
}

/**
 * Notes every handle created from now until stopRecording() (sockets,
 * timers, files, child processes) and which of them are still open, with
 * async_hooks: exact where process-wide counts are blurred by handles
 * other code closes meanwhile. Unref'd handles do not count.
 *
 * @example
 * const tracker = trackHandles();
 * await destination.close(); tracker.stopRecording();
 * tracker.open(); // [] when close() released everything
 */
export function trackHandles(): HandleTracker {
  const live = new Map<number, Live>();
  let recording = true;
  const hook = createHook({
    init(asyncId, type, _trigger, resource) {
      const name = TRACKED.get(type);
      if (recording && name !== undefined) {
        live.set(asyncId, { name, resource: resource as Live['resource'] });
      }
    },
    destroy(asyncId) {
      live.delete(asyncId);
    },
  }).enable();
  return {
    stopRecording() {
      recording = false;
    },
    open() {
      const counts = new Map<string, number>();
      for (const { name, resource } of live.values()) {
        if (resource.hasRef?.() === false) continue;
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      return [...counts].map(([name, count]) => `${name} ×${count}`);
    },
    dispose() {
      hook.disable();
      live.clear();
    },
  };
}
