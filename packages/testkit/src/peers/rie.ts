import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpCall } from './http-call.js';
import { ensureInstalled, type InstallResult } from './install-state.js';
import type {
  PeerInstallOptions,
  PeerStartOptions,
  RunningPeer,
} from './peer-options.js';
import { findFreePort, spawnPeer, waitUntilReady } from './peer-process.js';
import { resolvePeersDir } from './peers-dir.js';
import {
  echoBootstrap,
  NAMESPACE_SCRIPT,
  RIE_MODULE,
  RIE_VERSION,
} from './rie-files.js';
import { runLogged } from './run-logged.js';

const PEER = 'rie';

/** Options of {@link startRie}. */
export interface RieStartOptions extends PeerStartOptions {
  /** An unpacked layer, seen by the emulator as /opt (needs `unshare -m`). */
  readonly layerDir?: string;
  /** Folder with an executable `bootstrap`; default an echo runtime. */
  readonly taskDir?: string;
  /** Variables for the emulator, which passes them all to its processes. */
  readonly env?: Readonly<Record<string, string>>;
  /** AWS_LAMBDA_MAX_CONCURRENCY=1: the mode with a real Telemetry API. */
  readonly managedInstances?: boolean;
}

/** A running AWS Lambda Runtime Interface Emulator. */
export interface RiePeer extends RunningPeer {
  /** host:port of the Runtime/Extensions APIs inside it. */
  readonly runtimeApi: string;
  /** POST /2015-03-31/functions/function/invocations. */
  invoke(payload: unknown): Promise<{ status: number; text: string }>;
  /** SIGTERM to the emulator alone (not its group); resolves when it exited. */
  terminate(opts?: { timeoutMs?: number }): Promise<void>;
}

function rieDir(opts: PeerInstallOptions): string {
  return join(opts.peersDir ?? resolvePeersDir(), PEER);
}

/** Where the emulator's binary is once installed. */
export function rieBinary(opts: PeerInstallOptions = {}): string {
  return join(rieDir(opts), 'bin', 'aws-lambda-rie');
}

/**
 * Builds aws-lambda-rie once with `go install` from the Go module proxy into
 * the peers folder; the module and build caches are deleted afterwards.
 */
export function installRie(
  opts: PeerInstallOptions = {}
): Promise<InstallResult> {
  const dir = rieDir(opts);
  return ensureInstalled({
    peer: PEER,
    dir,
    fingerprint: `aws-lambda-rie ${RIE_VERSION}`,
    install: async () => {
      const env = {
        ...process.env,
        GOBIN: join(dir, 'bin'),
        GOMODCACHE: join(dir, 'go', 'mod'),
        GOCACHE: join(dir, 'go', 'cache'),
        GOFLAGS: `${process.env.GOFLAGS ?? ''} -modcacherw`.trim(),
      };
      opts.onProgress?.(`rie: go install ${RIE_MODULE}`);
      await runLogged('go', ['install', RIE_MODULE], {
        peer: PEER,
        logFile: join(dir, 'install.log'),
        env,
      });
      await rm(join(dir, 'go'), { recursive: true, force: true });
    },
  });
}

/**
 * Whether this process may make a private mount namespace (`unshare -m`),
 * which running the emulator with a layer at /opt needs; the reason if not.
 */
export function canUnshareMount(): Promise<{ ok: boolean; reason: string }> {
  return new Promise((resolve) => {
    execFile(
      'unshare',
      ['--mount', '--propagation', 'private', '--', 'true'],
      (error, _stdout, stderr) =>
        resolve({
          ok: error === null,
          reason: error ? `${error.message} ${stderr}`.trim() : '',
        })
    );
  });
}

/**
 * Starts the emulator on two free ports of 127.0.0.1, in a private mount
 * namespace when a layer is given (the layer at /opt, as in Lambda) or in
 * managed-instances mode (the task at /var/task), in its own process group. Ready when its invoke address answers (404 on /).
 *
 * @example
 * await using rie = await startRie({ layerDir, taskDir, env: { AWS_LAMBDA_FUNCTION_TIMEOUT: '3' } });
 * const answer = await rie.invoke({ hello: 'world' });
 */
export async function startRie(opts: RieStartOptions = {}): Promise<RiePeer> {
  const installed = await installRie(opts);
  const binary = join(installed.dir, 'bin', 'aws-lambda-rie');
  const ownDir = opts.runDir === undefined;
  const runDir =
    opts.runDir ?? (await mkdtemp(join(tmpdir(), `logdrain-${PEER}-`)));
  await mkdir(runDir, { recursive: true });
  let taskDir = opts.taskDir;
  if (taskDir === undefined) {
    taskDir = join(runDir, 'task');
    await mkdir(taskDir, { recursive: true });
    await writeFile(
      join(taskDir, 'bootstrap'),
      echoBootstrap(process.execPath)
    );
    await chmod(join(taskDir, 'bootstrap'), 0o755);
  }
  const invokePort = await findFreePort();
  const apiPort = await findFreePort();
  const url = `http://127.0.0.1:${invokePort}`;
  const runtimeApi = `127.0.0.1:${apiPort}`;
  const mode = opts.managedInstances ? 'mi' : 'classic';
  const rie = [
    binary,
    '--runtime-interface-emulator-address',
    `127.0.0.1:${invokePort}`,
    '--runtime-api-address',
    runtimeApi,
    // Managed-instances mode ignores it and looks in /var/task.
    ...(opts.managedInstances ? [] : [join(taskDir, 'bootstrap')]),
  ];
  const logFile = join(runDir, `${PEER}.log`);
  const startedMs = Date.now();
  const script = [
    'sh',
    '-c',
    NAMESPACE_SCRIPT,
    'rie-namespace',
    opts.layerDir ?? '',
    taskDir,
    mode,
    ...rie,
  ];
  // Mounts need a private mount namespace; without them plain sh does.
  const mounts = opts.layerDir !== undefined || opts.managedInstances;
  const [command, ...args] = mounts
    ? ['unshare', '--mount', '--propagation', 'private', '--', ...script]
    : script;
  const child = await spawnPeer({
    peer: PEER,
    command: command as string,
    args,
    logFile,
    cwd: runDir,
    env: {
      PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
      ...(opts.managedInstances ? { AWS_LAMBDA_MAX_CONCURRENCY: '1' } : {}),
      ...opts.env,
    },
    outliveParent: opts.outliveParent,
  });
  await waitUntilReady({
    peer: PEER,
    process: child,
    logFile,
    probe: async () =>
      (await httpCall(`${url}/`, { timeoutMs: 2_000 })).status === 404,
    timeoutMs: opts.readyTimeoutMs ?? 10_000,
  });
  const startMs = Date.now() - startedMs;
  let stopping: Promise<void> | undefined;
  // Classic mode exits at SIGTERM and orphans its extensions: the whole
  // group goes after a short grace.
  const stop = () => {
    stopping ??= (async () => {
      await child.stop({ graceMs: 3_000 });
      if (ownDir) await rm(runDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  return {
    name: PEER,
    url,
    runtimeApi,
    pid: child.pid,
    logFile,
    runDir,
    startMs,
    stop,
    [Symbol.asyncDispose]: stop,
    async invoke(payload) {
      const answer = await httpCall(
        `${url}/2015-03-31/functions/function/invocations`,
        { method: 'POST', body: JSON.stringify(payload), timeoutMs: 60_000 }
      );
      return { status: answer.status, text: answer.text() };
    },
    async terminate(termOpts = {}) {
      process.kill(child.pid, 'SIGTERM');
      const deadline = Date.now() + (termOpts.timeoutMs ?? 10_000);
      while (child.exitDescription === undefined && Date.now() < deadline) {
        await sleep(20);
      }
    },
  };
}
