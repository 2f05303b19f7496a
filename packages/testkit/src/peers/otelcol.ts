import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpCall } from './http-call.js';
import { ensureInstalled, type InstallResult } from './install-state.js';
import { launchPeer } from './launch-peer.js';
import {
  OTELCOL_VERSION,
  otelcolConfig,
  otelcolManifest,
} from './otelcol-files.js';
import type {
  PeerInstallOptions,
  PeerStartOptions,
  RunningPeer,
} from './peer-options.js';
import { findFreePort } from './peer-process.js';
import { resolvePeersDir } from './peers-dir.js';
import { runLogged } from './run-logged.js';

const PEER = 'otelcol';
const BINARY = 'otelcol-logdrain';

/** One line of the file exporter's output: an OTLP/JSON ExportLogsServiceRequest. */
export interface OtlpJsonLogsRequest {
  readonly resourceLogs?: ReadonlyArray<{
    readonly resource?: { readonly attributes?: readonly unknown[] };
    readonly scopeLogs?: ReadonlyArray<{
      readonly scope?: Readonly<Record<string, unknown>>;
      readonly logRecords?: ReadonlyArray<Readonly<Record<string, unknown>>>;
    }>;
  }>;
}

export interface OtelCollectorPeer extends RunningPeer {
  /** OTLP/HTTP base URL: POST logs to `${url}/v1/logs`. */
  readonly url: string;
  readonly healthUrl: string;
  /** The file the collector appends every logs request to. */
  readonly logsFile: string;
  /** Every request written so far, parsed, in order. */
  readLogs(): Promise<OtlpJsonLogsRequest[]>;
  /** Polls `readLogs` until `predicate` holds (the exporter flushes every 100 ms). */
  waitForLogs(
    predicate: (requests: readonly OtlpJsonLogsRequest[]) => boolean,
    opts?: { timeoutMs?: number }
  ): Promise<OtlpJsonLogsRequest[]>;
}

function otelcolDir(opts: PeerInstallOptions): string {
  return join(opts.peersDir ?? resolvePeersDir(), PEER);
}

/**
 * Builds the collector once with the collector builder, from the Go module
 * proxy, keeping GOMODCACHE and GOCACHE under the peers folder. Needs `go`.
 */
export function installOtelCollector(
  opts: PeerInstallOptions = {}
): Promise<InstallResult> {
  const dir = otelcolDir(opts);
  const manifest = otelcolManifest(join(dir, 'dist'));
  return ensureInstalled({
    peer: PEER,
    dir,
    fingerprint: `otelcol ${OTELCOL_VERSION} ${createHash('sha256').update(manifest).digest('hex').slice(0, 16)}`,
    install: async () => {
      const logFile = join(dir, 'install.log');
      const env = {
        ...process.env,
        GOBIN: join(dir, 'bin'),
        GOMODCACHE: join(dir, 'go', 'mod'),
        GOCACHE: join(dir, 'go', 'cache'),
        // Writable module cache, so the folder can be deleted without chmod.
        GOFLAGS: `${process.env.GOFLAGS ?? ''} -modcacherw`.trim(),
      };
      opts.onProgress?.(
        `otelcol: go install go.opentelemetry.io/collector/cmd/builder@v${OTELCOL_VERSION}`
      );
      await runLogged(
        'go',
        [
          'install',
          `go.opentelemetry.io/collector/cmd/builder@v${OTELCOL_VERSION}`,
        ],
        { peer: PEER, logFile, env }
      );
      await writeFile(join(dir, 'builder.yaml'), manifest);
      opts.onProgress?.(
        'otelcol: building the collector (minutes on a cold cache)'
      );
      await runLogged(
        join(dir, 'bin', 'builder'),
        [`--config=${join(dir, 'builder.yaml')}`],
        { peer: PEER, logFile, env, cwd: dir }
      );
      // Module and build caches (about 0.5 and 0.7 GB) only serve a rebuild,
      // which happens only when the manifest changes; the binary is what runs.
      await rm(join(dir, 'go'), { recursive: true, force: true });
    },
  });
}

async function readJsonLines(file: string): Promise<OtlpJsonLogsRequest[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  // The exporter may be mid-write: only lines ended by a newline are whole.
  const whole = text.slice(0, text.lastIndexOf('\n') + 1);
  return whole
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OtlpJsonLogsRequest);
}

/**
 * Starts the OpenTelemetry Collector with an OTLP/HTTP receiver on
 * 127.0.0.1 and a free port, writing every logs request to a JSON-lines
 * file; builds it first if needed. Ready when health_check answers 200.
 *
 * @example
 * await using collector = await startOtelCollector();
 * await fetch(`${collector.url}/v1/logs`, { method: 'POST', body, ... });
 * const requests = await collector.waitForLogs((r) => r.length > 0);
 */
export async function startOtelCollector(
  opts: PeerStartOptions = {}
): Promise<OtelCollectorPeer> {
  const installed = await installOtelCollector(opts);
  const otlpHttpPort = await findFreePort();
  const healthPort = await findFreePort();
  const url = `http://127.0.0.1:${otlpHttpPort}`;
  const healthUrl = `http://127.0.0.1:${healthPort}/`;
  let logsFile = '';
  const peer = await launchPeer({
    ...opts,
    peer: PEER,
    url,
    command: join(installed.dir, 'dist', BINARY),
    prepare: async (runDir) => {
      logsFile = join(runDir, 'logs.jsonl');
      await writeFile(
        join(runDir, 'config.yaml'),
        otelcolConfig({ otlpHttpPort, healthPort, logsFile })
      );
    },
    args: (runDir) => [`--config=${join(runDir, 'config.yaml')}`],
    probe: async () =>
      (await httpCall(healthUrl, { timeoutMs: 2_000 })).status === 200,
    defaultReadyTimeoutMs: 30_000,
  });
  const readLogs = () => readJsonLines(logsFile);
  return {
    ...peer,
    healthUrl,
    logsFile,
    readLogs,
    async waitForLogs(predicate, waitOpts = {}) {
      const timeoutMs = waitOpts.timeoutMs ?? 10_000;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const requests = await readLogs();
        if (predicate(requests)) return requests;
        if (Date.now() > deadline) {
          throw new Error(
            `otelcol: condition not met after ${timeoutMs} ms; ${requests.length} requests in ${logsFile}`
          );
        }
        await sleep(100);
      }
    },
  };
}
