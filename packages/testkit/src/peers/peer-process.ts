import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { readLogTail } from './log-tail.js';
import { PeerError } from './peer-error.js';

export interface PeerProcessOptions {
  readonly peer: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Keep the server when this process exits (the CLI's `start`). */
  readonly outliveParent?: boolean;
}

export interface PeerProcess {
  readonly pid: number;
  /** Set once the server's process has exited. */
  readonly exitDescription: string | undefined;
  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves when gone. */
  stop(opts?: { graceMs?: number }): Promise<void>;
}

const groupsToKill = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test runner that dies must not leave servers behind.
  process.on('exit', () => {
    for (const pid of groupsToKill) killGroup(pid, 'SIGKILL');
  });
}

/** Sends a signal to a whole process group; false when it is gone. */
export function killGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Waits until no process of the group is left (polls every 100 ms). */
export async function waitGroupGone(
  pid: number,
  timeoutMs: number
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (killGroup(pid, 0)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Stops a process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopGroup(pid: number, graceMs = 15_000): Promise<void> {
  if (!killGroup(pid, 'SIGTERM')) return;
  if (await waitGroupGone(pid, graceMs)) return;
  killGroup(pid, 'SIGKILL');
  await waitGroupGone(pid, 5_000);
}

/** A port on 127.0.0.1 that was free a moment ago. */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') {
    throw new Error('no TCP port could be had on 127.0.0.1');
  }
  return address.port;
}

/** Starts a server in its own process group with output in `logFile`. */
export async function spawnPeer(
  opts: PeerProcessOptions
): Promise<PeerProcess> {
  const log = await open(opts.logFile, 'a');
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', log.fd, log.fd],
    detached: true,
  });
  let exitDescription: string | undefined;
  child.on('exit', (code, signal) => {
    exitDescription = `exited with ${code ?? signal}`;
  });
  const pid = await new Promise<number>((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid ?? 0));
    child.once('error', (error) =>
      reject(
        new PeerError(
          opts.peer,
          `${opts.peer}: could not run ${opts.command}: ${error.message}`,
          opts.logFile,
          { cause: error }
        )
      )
    );
  }).finally(() => log.close());
  if (opts.outliveParent) child.unref();
  else {
    installExitHook();
    groupsToKill.add(pid);
  }
  return {
    pid,
    get exitDescription() {
      return exitDescription;
    },
    async stop(stopOpts = {}) {
      await stopGroup(pid, stopOpts.graceMs);
      groupsToKill.delete(pid);
    },
  };
}

export interface WaitReadyOptions {
  readonly peer: string;
  readonly process: PeerProcess;
  readonly logFile: string;
  /** Resolves true once the server answers as expected; may throw. */
  readonly probe: () => Promise<boolean>;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
}

/**
 * Polls `probe` until it answers true, the process exits, or `timeoutMs`
 * passes; on failure stops the process and throws with the log's tail.
 */
export async function waitUntilReady(opts: WaitReadyOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline && opts.process.exitDescription === undefined) {
    try {
      if (await opts.probe()) return;
      lastError = 'not ready yet';
    } catch (error) {
      lastError = (error as Error).message;
    }
    await sleep(opts.intervalMs ?? 200);
  }
  const why =
    opts.process.exitDescription ??
    `not ready after ${opts.timeoutMs} ms (${lastError})`;
  await opts.process.stop({ graceMs: 2_000 });
  const tail = await readLogTail(opts.logFile);
  throw new PeerError(
    opts.peer,
    `${opts.peer} (pid ${opts.process.pid}) ${why}; log ${opts.logFile}, last lines:\n${tail}`,
    opts.logFile
  );
}
