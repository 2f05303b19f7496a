import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExtensionError } from './errors.js';
import { hostsAddress } from './hosts-file.js';
import type { Logger } from './logger.js';
import type { LossStats } from './loss-stats.js';
import { createStitcher, type DiscardedPart } from './stitcher.js';

/**
 * Largest body accepted; bigger ones are read, discarded and counted.
 *
 * @example
 * await startListener({ host, port: 0, stats, log, onEvents, maxBodyBytes: MAX_BODY_BYTES });
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/**
 * The name Lambda delivers telemetry to inside the environment.
 *
 * @example
 * const uri = `http://${SANDBOX_HOSTNAME}:${listener.port}/`;
 */
export const SANDBOX_HOSTNAME = 'sandbox.localdomain';

/**
 * Options of {@link startListener}.
 *
 * @example
 * const opts: ListenerOptions = { host: '127.0.0.1', port: 0, stats, log, onEvents };
 */
export interface ListenerOptions {
  /** Bind address; see {@link resolveListenerHost}. */
  readonly host: string;
  /** 0: the OS chooses. */
  readonly port: number;
  /** Receives every parsed batch; must not block (it only queues). */
  readonly onEvents: (events: unknown[]) => void;
  readonly stats: LossStats;
  readonly log: Logger;
  readonly maxBodyBytes?: number;
  readonly nowMs?: () => number;
}

/**
 * A running Telemetry/Logs API listener.
 *
 * @example
 * const listener: Listener = await startListener(opts);
 * await listener.close();
 */
export interface Listener {
  readonly host: string;
  readonly port: number;
  /** Epoch ms of the last body received; undefined before the first. */
  readonly lastBodyAtMs: number | undefined;
  /** Stops accepting, counts a held partial body, closes connections. */
  close(): Promise<void>;
}

/**
 * The bind address: `host` when given (LOGDRAIN_LISTENER_HOST), else the
 * address the hosts file gives `sandbox.localdomain`, else 127.0.0.1.
 * Lambda delivers to the name, and RAPID maps it to 127.0.0.1 itself (spec
 * 1.2), so no DNS lookup is made: one that fails cost ~20 ms (and loading
 * node:dns ~6 ms of CPU) before the first /event/next.
 *
 * @example
 * const host = resolveListenerHost({ host: config.listenerHost });
 */
export function resolveListenerHost(opts: {
  host?: string;
  /** The hosts file's text; defaults to reading /etc/hosts. */
  readHosts?: () => string | undefined;
}): string {
  if (opts.host) return opts.host;
  const hosts = (opts.readHosts ?? readHostsFile)();
  const listed =
    hosts === undefined ? undefined : hostsAddress(hosts, SANDBOX_HOSTNAME);
  return listed ?? '127.0.0.1';
}

/**
 * Starts the HTTP listener Lambda pushes telemetry to. Any method, any
 * path. It answers 200 as soon as the body is parsed and handed to
 * `onEvents` (never waiting on a destination). A body it cannot parse is
 * still answered 200 (an error makes Lambda resend it forever), counted in
 * `stats.unparseable` and warned about once. Bodies above 4 MiB are read,
 * discarded, answered 200 and counted. A record Lambda cut across two POSTs
 * is stitched back, however long the environment stayed frozen between
 * them (see createStitcher); a part still held at `close` is counted.
 *
 * @example
 * const listener = await startListener({
 *   host: '127.0.0.1', port: 0, stats, log,
 *   onEvents: (events) => { for (const raw of events) handle(raw); },
 * });
 */
export async function startListener(opts: ListenerOptions): Promise<Listener> {
  const maxBodyBytes = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const nowMs = opts.nowMs ?? Date.now;
  let warned = false;
  let lastBodyAtMs: number | undefined;

  const countDiscard = (part: DiscardedPart): void => {
    opts.stats.unparseable += 1;
    const fields = { bytes: part.bytes, reason: part.reason };
    if (warned) {
      opts.log.debug('telemetry body discarded', fields);
      return;
    }
    warned = true;
    opts.log.warn(
      'telemetry body discarded: not a JSON batch (answered 200; counted as unparseable; later ones are counted silently)',
      fields
    );
  };
  const stitcher = createStitcher({
    maxBytes: maxBodyBytes,
    onDiscard: countDiscard,
  });

  const handle = (data: Buffer | undefined, bytes: number): void => {
    lastBodyAtMs = nowMs();
    if (data === undefined) {
      stitcher.skipBody();
      countDiscard({ bytes, reason: 'too-large' });
      return;
    }
    const events = stitcher.accept(data);
    if (events === undefined || events.length === 0) return;
    try {
      opts.onEvents(events);
    } catch (error) {
      opts.log.error('handling a telemetry batch failed', { error });
    }
  };

  // requestTimeout 0: a request cut by a freeze must not be failed on thaw.
  const server: Server = createServer({ requestTimeout: 0 }, (req, res) => {
    readBody(req, maxBodyBytes).then(
      ({ data, bytes }) => {
        try {
          handle(data, bytes);
        } catch (error) {
          opts.log.error('handling a telemetry body failed', { error });
        }
        // Always 200: an error answer makes Lambda resend the body forever.
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end();
      },
      (error: unknown) => {
        opts.log.debug('telemetry request aborted', { error });
        if (!res.headersSent) res.writeHead(200).end();
      }
    );
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new ExtensionError(
          'LISTENER_FAILED',
          `the telemetry listener could not listen on ${opts.host}:${opts.port}: ${error.message}`,
          { cause: error }
        )
      )
    );
    server.listen(opts.port, opts.host, () => resolve());
  });
  server.on('error', (error) =>
    opts.log.error('telemetry listener error', { error })
  );
  const address = server.address() as AddressInfo;

  return {
    host: opts.host,
    port: address.port,
    get lastBodyAtMs() {
      return lastBodyAtMs;
    },
    close() {
      stitcher.close();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function readHostsFile(): string | undefined {
  try {
    return readFileSync('/etc/hosts', 'utf8');
  } catch {
    return undefined;
  }
}

function readBody(
  req: IncomingMessage,
  maxBytes: number
): Promise<{ data: Buffer | undefined; bytes: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      // Over the cap: keep reading (so the answer can be 200), keep nothing.
      if (bytes <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () =>
      resolve({
        data: bytes <= maxBytes ? Buffer.concat(chunks) : undefined,
        bytes,
      })
    );
    req.on('error', reject);
  });
}
