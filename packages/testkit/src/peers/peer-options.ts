/** Options every `install*` helper takes. */
export interface PeerInstallOptions {
  /** Default: `LOGDRAIN_PEERS_DIR`, else `${XDG_CACHE_HOME:-~/.cache}/logdrain/peers`. */
  readonly peersDir?: string;
  /** One line per install step, on first use only. */
  readonly onProgress?: (line: string) => void;
}

/** Options every `start*` helper takes. */
export interface PeerStartOptions extends PeerInstallOptions {
  /** Bound on readiness polling after the process started. */
  readonly readyTimeoutMs?: number;
  /** Folder for the log and data; default a new temp folder, removed on stop. */
  readonly runDir?: string;
  /** Leave the server running when this process exits (the CLI's `start`). */
  readonly outliveParent?: boolean;
}

/** What every started peer offers. */
export interface RunningPeer {
  readonly name: string;
  /** Base URL on 127.0.0.1. */
  readonly url: string;
  /** Process id, also the process group id. */
  readonly pid: number;
  readonly logFile: string;
  readonly runDir: string;
  /** Time from spawn to ready. */
  readonly startMs: number;
  /** Stops the whole process group; idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
