import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dirSizeBytes, formatBytes } from './dir-size.js';
import { readInstallRecord } from './install-state.js';
import { killGroup, stopGroup } from './peer-process.js';
import { PEER_NAMES, PEERS, type PeerName } from './peer-registry.js';
import { resolvePeersDir } from './peers-dir.js';

const COMMANDS = ['install', 'status', 'start', 'stop'] as const;
type Command = (typeof COMMANDS)[number];

const HELP = `Usage: pnpm peers <command> [${PEER_NAMES.join('|')}|all]

Installs, starts and stops the real servers logdrain's destination tests use.
Tests start their own instances (startMoto, startOpenSearch,
startOtelCollector from @logdrain/testkit) and install on first use; this CLI
pre-installs them (CI) and runs long-lived ones for manual work.

Commands:
  install   install (idempotent: skipped when already installed), print
            progress, time and size of each
  status    installed or not (when, how long it took, size), running or not
  start     start on 127.0.0.1 and a free port, left running; prints the URL,
            pid and log file (state in <dir>/run/<peer>.json)
  stop      stop what \`start\` started (SIGTERM to its process group, SIGKILL
            after 15 s)

Peers (default: all):
${PEER_NAMES.map((name) => `  ${name.padEnd(11)} ${PEERS[name].describe}`).join('\n')}

Where: LOGDRAIN_PEERS_DIR, else \${XDG_CACHE_HOME:-~/.cache}/logdrain/peers
(now: ${resolvePeersDir()}). Each peer has its own folder with installed.json
and install.log. Needs: python3 (moto), mvn and a JDK 11+ via JAVA_HOME or
PATH (opensearch), go (otelcol, rie). Cold installs measured on 2 cores: moto
45-50 s (280 MB), opensearch 12-25 s (75 MB), otelcol 2.5-3.5 min (46 MB
kept; its Go caches, about 1.2 GB, are deleted after the build), rie about
2.5 min on a busy machine (14 MB kept, Go caches deleted too). rie runs with
a layer in a private mount namespace: it needs \`unshare -m\` (root).

Exit status: 0 when every peer asked for succeeded, 1 otherwise, 2 on usage
errors. Options: -h, --help.
`;

interface RunState {
  readonly peer: PeerName;
  readonly pid: number;
  readonly url: string;
  readonly logFile: string;
  readonly startedAt: string;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function statePath(dir: string, peer: PeerName): string {
  return join(dir, 'run', `${peer}.json`);
}

async function readState(
  dir: string,
  peer: PeerName
): Promise<RunState | undefined> {
  try {
    const state = JSON.parse(
      await readFile(statePath(dir, peer), 'utf8')
    ) as RunState;
    return killGroup(state.pid, 0) ? state : undefined;
  } catch {
    return undefined;
  }
}

async function runOne(
  command: Command,
  peer: PeerName,
  dir: string
): Promise<string> {
  const entry = PEERS[peer];
  const onProgress = (line: string) => out(`  ${line}`);
  const peerDir = join(dir, peer);
  if (command === 'install') {
    out(`${peer}: install`);
    const result = await entry.install({ peersDir: dir, onProgress });
    const size = formatBytes(await dirSizeBytes(peerDir));
    return result.fresh
      ? `installed in ${seconds(result.durationMs)}, ${size}`
      : `already installed (${result.installedAt}), ${size}`;
  }
  if (command === 'status') {
    const record = await readInstallRecord(peerDir);
    const state = await readState(dir, peer);
    const installed = record
      ? `installed ${record.installedAt} in ${seconds(record.durationMs)}, ${formatBytes(await dirSizeBytes(peerDir))}`
      : existsSync(join(peerDir, 'install.log'))
        ? `not installed (an earlier try logged to ${join(peerDir, 'install.log')})`
        : 'not installed';
    const running = state
      ? `running at ${state.url} (pid ${state.pid})`
      : 'not running';
    return `${installed}; ${running}`;
  }
  if (command === 'start') {
    const running = await readState(dir, peer);
    if (running)
      return `already running at ${running.url} (pid ${running.pid})`;
    out(`${peer}: start`);
    const runDir = join(dir, 'run', peer);
    await rm(runDir, { recursive: true, force: true });
    const started = await entry.start({
      peersDir: dir,
      onProgress,
      runDir,
      outliveParent: true,
    });
    const state: RunState = {
      peer,
      pid: started.pid,
      url: started.url,
      logFile: started.logFile,
      startedAt: new Date().toISOString(),
    };
    await writeFile(
      statePath(dir, peer),
      `${JSON.stringify(state, null, 2)}\n`
    );
    return `ready at ${started.url} in ${seconds(started.startMs)} (pid ${started.pid}, log ${started.logFile})`;
  }
  const state = await readState(dir, peer);
  await rm(statePath(dir, peer), { force: true });
  if (!state) return 'not running';
  await stopGroup(state.pid);
  return `stopped (pid ${state.pid})`;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help') || argv.length === 0) {
    out(HELP);
    return argv.length === 0 ? 2 : 0;
  }
  const [command, target = 'all', ...rest] = argv;
  const peers: readonly PeerName[] =
    target === 'all' ? PEER_NAMES : PEER_NAMES.filter((p) => p === target);
  if (
    !COMMANDS.includes(command as Command) ||
    peers.length === 0 ||
    rest.length > 0
  ) {
    process.stderr.write(
      `peers: expected <${COMMANDS.join('|')}> [${PEER_NAMES.join('|')}|all], got: ${argv.join(' ')}\n(see --help)\n`
    );
    return 2;
  }
  const dir = resolvePeersDir();
  await mkdir(join(dir, 'run'), { recursive: true });
  const summary: string[] = [];
  let failed = 0;
  for (const peer of peers) {
    const startedMs = Date.now();
    try {
      const result = await runOne(command as Command, peer, dir);
      summary.push(`  ${peer.padEnd(11)} ok      ${result}`);
    } catch (error) {
      failed += 1;
      out(`${peer}: FAILED after ${seconds(Date.now() - startedMs)}`);
      out(String((error as Error).message));
      summary.push(
        `  ${peer.padEnd(11)} FAILED  ${(error as Error).message.split('\n')[0]}`
      );
    }
  }
  out(`\npeers ${command} (${dir}):`);
  for (const line of summary) out(line);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
