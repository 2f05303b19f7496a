import { createServer, type Server, type Socket } from 'node:net';
import { ExtensionError } from './errors.js';
import type { Logger } from './logger.js';
import type { LossStats } from './loss-stats.js';

/**
 * Options of {@link startTcpListener}.
 *
 * @example
 * const opts: TcpListenerOptions = { host: '127.0.0.1', port: 0, stats, log, onEvents };
 */
export interface TcpListenerOptions {
  readonly host: string;
  /** 0: the OS chooses. */
  readonly port: number;
  /** Receives the events of each chunk of complete lines. */
  readonly onEvents: (events: unknown[]) => void;
  readonly stats: LossStats;
  readonly log: Logger;
  /** Longest line kept; longer ones are skipped and counted. Default 4 MiB. */
  readonly maxLineBytes?: number;
}

/**
 * A running TCP (NDJSON) listener.
 *
 * @example
 * const tcp: TcpListener = await startTcpListener(opts);
 * await tcp.close();
 */
export interface TcpListener {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

/**
 * The Telemetry/Logs API TCP delivery (spec 4.2): Lambda connects and writes
 * one JSON event per line. There is no acknowledgement. A line that is not
 * a JSON object, or is longer than `maxLineBytes`, counts as unparseable
 * (warned about once). An unfinished last line is counted when the
 * connection ends. logdrain subscribes over HTTP; this exists for
 * completeness.
 *
 * @example
 * const tcp = await startTcpListener({ host: '127.0.0.1', port: 0, stats, log, onEvents });
 * // subscribe with destination { protocol: 'TCP', port: tcp.port }
 */
export async function startTcpListener(
  opts: TcpListenerOptions
): Promise<TcpListener> {
  const maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let warned = false;
  const countBad = (bytes: number): void => {
    opts.stats.unparseable += 1;
    if (warned) return;
    warned = true;
    opts.log.warn(
      'telemetry line discarded: not a JSON event (counted as unparseable; later ones are counted silently)',
      { bytes }
    );
  };
  const sockets = new Set<Socket>();

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let skipping = false;
    socket.on('data', (chunk: Buffer) => {
      const events: unknown[] = [];
      let start = 0;
      for (
        let nl = chunk.indexOf(10);
        nl !== -1;
        nl = chunk.indexOf(10, start)
      ) {
        const piece = chunk.subarray(start, nl);
        start = nl + 1;
        if (skipping) {
          skipping = false;
          continue;
        }
        const line =
          pendingBytes === 0 ? piece : Buffer.concat([...pending, piece]);
        pending = [];
        pendingBytes = 0;
        if (line.length > maxLineBytes) countBad(line.length);
        else parseLine(line, events, countBad);
      }
      const rest = chunk.subarray(start);
      if (!skipping && rest.length > 0) {
        pending.push(rest);
        pendingBytes += rest.length;
        if (pendingBytes > maxLineBytes) {
          countBad(pendingBytes);
          pending = [];
          pendingBytes = 0;
          skipping = true;
        }
      }
      if (events.length > 0) deliver(events);
    });
    socket.on('end', () => {
      if (pendingBytes > 0) {
        const events: unknown[] = [];
        parseLine(Buffer.concat(pending), events, countBad);
        if (events.length > 0) deliver(events);
      }
      pending = [];
      pendingBytes = 0;
    });
    socket.on('error', (error) =>
      opts.log.debug('tcp telemetry socket error', { error })
    );
    socket.on('close', () => sockets.delete(socket));
  });

  const deliver = (events: unknown[]): void => {
    try {
      opts.onEvents(events);
    } catch (error) {
      opts.log.error('handling telemetry lines failed', { error });
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new ExtensionError(
          'LISTENER_FAILED',
          `the tcp telemetry listener could not listen on ${opts.host}:${opts.port}: ${error.message}`,
          { cause: error }
        )
      )
    );
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port =
    typeof address === 'object' && address ? address.port : opts.port;

  return {
    host: opts.host,
    port,
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

function parseLine(
  line: Buffer,
  events: unknown[],
  countBad: (bytes: number) => void
): void {
  const text = line.toString('utf8').trim();
  if (text === '') return;
  try {
    const parsed: unknown = JSON.parse(text);
    if (
      parsed !== null &&
      typeof parsed === 'object' &&
      !Array.isArray(parsed)
    ) {
      events.push(parsed);
      return;
    }
  } catch {
    // Counted below.
  }
  countBad(line.length);
}
