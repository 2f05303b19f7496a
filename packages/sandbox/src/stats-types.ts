// What the sandbox measures: per subscription and per process.

/** Records per telemetry stream. */
export interface StreamCounts {
  platform: number;
  function: number;
  extension: number;
}

/**
 * One subscription and what became of the records routed to it, updated
 * live: every received record is delivered (a 2xx answer), dropped (buffer
 * full; reported with platform.logsDropped) or still buffered (in the
 * buffer or in flight; lost if the subscription ended).
 */
export interface SubscriptionStats {
  /** Name of the subscribed extension. */
  subscriber: string;
  api: 'telemetry' | 'logs';
  schemaVersion: string;
  types: string[];
  protocol: 'HTTP' | 'TCP';
  /** The Init generation it belongs to (0 first, +1 per re-initialisation). */
  generation: number;
  received: StreamCounts;
  delivered: StreamCounts;
  dropped: StreamCounts;
  buffered: StreamCounts;
}

/**
 * One process of the environment, updated while it lives. Memory and CPU are
 * sampled from /proc (Linux only; undefined elsewhere) every 10 ms while the
 * environment is thawed, before every freeze and when SHUTDOWN is sent; they
 * cover the process itself (a launcher that `exec`s keeps its pid), not
 * processes it starts.
 */
export interface ProcessStats {
  /** Extension name, or the handler's file name for the runtime. */
  name: string;
  kind: 'extension' | 'runtime';
  pid: number | undefined;
  /** 0 for the first Init, then one more per re-initialisation. */
  generation: number;
  /** Epoch ms of the spawn. */
  spawnedAtMs: number;
  /** Epoch ms of the successful register (extensions only). */
  registeredAtMs?: number;
  /** Epoch ms of the first `next` call: the process is ready. */
  firstNextAtMs?: number;
  /**
   * CPU time of all its threads (schedstat, ns precision) when it
   * registered and when it first called `next` (extensions only, Linux).
   */
  cpuAtRegisterMs?: number;
  cpuAtReadyMs?: number;
  /** Highest resident set size seen (VmHWM), bytes. */
  peakRssBytes?: number;
  /** User plus system CPU time (utime + stime), ms. */
  cpuMs?: number;
  /** Exit code, null when a signal ended it; undefined while it lives. */
  exitCode?: number | null;
  signal?: string | null;
  /** Epoch ms of the exit. */
  exitedAtMs?: number;
}
