import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerStartOptions, RunningPeer } from './peer-options.js';
import { spawnPeer, waitUntilReady } from './peer-process.js';

export interface LaunchPeerOptions extends PeerStartOptions {
  readonly peer: string;
  readonly url: string;
  readonly command: string;
  readonly args: (runDir: string) => readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly probe: () => Promise<boolean>;
  readonly defaultReadyTimeoutMs: number;
  /** Written before the process starts (config files). */
  readonly prepare?: (runDir: string) => Promise<void>;
}

/** Spawns a peer in its own process group, waits until ready, wires stop. */
export async function launchPeer(
  opts: LaunchPeerOptions
): Promise<RunningPeer> {
  const ownDir = opts.runDir === undefined;
  const runDir =
    opts.runDir ?? (await mkdtemp(join(tmpdir(), `logdrain-${opts.peer}-`)));
  await mkdir(runDir, { recursive: true });
  await opts.prepare?.(runDir);
  const logFile = join(runDir, `${opts.peer}.log`);
  const startedMs = Date.now();
  const child = await spawnPeer({
    peer: opts.peer,
    command: opts.command,
    args: opts.args(runDir),
    logFile,
    cwd: runDir,
    env: opts.env,
    outliveParent: opts.outliveParent,
  });
  await waitUntilReady({
    peer: opts.peer,
    process: child,
    logFile,
    probe: opts.probe,
    timeoutMs: opts.readyTimeoutMs ?? opts.defaultReadyTimeoutMs,
  });
  const startMs = Date.now() - startedMs;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await child.stop();
      if (ownDir) await rm(runDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  return {
    name: opts.peer,
    url: opts.url,
    pid: child.pid,
    logFile,
    runDir,
    startMs,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
