import { once } from 'node:events';
import { STATUS_CODES } from 'node:http';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { RequestFramer } from './fault-proxy-framer.js';

/** What the proxy does to traffic; applies to open connections too. */
export type FaultMode =
  | { readonly kind: 'pass' }
  /** Holds every chunk, both ways, this long. */
  | { readonly kind: 'delay'; readonly ms: number }
  /**
   * Resets (TCP RST) new connections at once (`connect`) or when the client
   * first sends (`data`); either way an open connection at its next bytes.
   */
  | { readonly kind: 'reset'; readonly on: 'connect' | 'data' }
  /** Accepts connections and swallows their data: nothing is ever answered. */
  | { readonly kind: 'blackhole' }
  /**
   * Forwards the request, then resets the client's connection as the
   * upstream starts answering: the server did the work, the client never
   * hears. `when` (default: always) tells an answer from other upstream
   * bytes, e.g. a TLS session ticket: `() => server.requestCount() > n`.
   */
  | { readonly kind: 'loseResponse'; readonly when?: () => boolean };

/** An answer the proxy gives itself (plain-HTTP upstreams only). */
export interface FaultProxyAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface FaultProxyOptions {
  /** `host:port`, a URL (its default port when none), or host and port. */
  readonly upstream: string | { readonly host: string; readonly port: number };
  /** Default `{ kind: 'pass' }`. */
  readonly mode?: FaultMode;
  /**
   * Parse plain HTTP/1.1 requests: enables `requests` and `answerNext`.
   * Leave off for TLS or any other protocol (bytes then pass untouched).
   */
  readonly http?: boolean;
}

export interface FaultProxy {
  readonly host: string;
  readonly port: number;
  /** `url` with host and port replaced by the proxy's. */
  rewrite(url: string): string;
  readonly mode: FaultMode;
  setMode(mode: FaultMode): void;
  /** Client connections accepted so far. */
  readonly connections: number;
  /** Client connections open now. */
  readonly openConnections: number;
  /** Whole requests seen (http option only), forwarded or answered. */
  readonly requests: number;
  /** Answers the next `count` requests itself, then closes that connection (http option only). */
  answerNext(opts: FaultProxyAnswer & { readonly count: number }): void;
  /** Forgets answers not given yet. */
  clearAnswers(): void;
  /** Resolves true once no client connection is open, false after `timeoutMs`. */
  waitForIdle(opts?: { readonly timeoutMs?: number }): Promise<boolean>;
  /** Destroys every open connection. */
  dropConnections(): void;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

function parseUpstream(upstream: FaultProxyOptions['upstream']) {
  if (typeof upstream !== 'string') return upstream;
  const url = new URL(
    upstream.includes('://') ? upstream : `tcp://${upstream}`
  );
  const fallback = url.protocol === 'https:' ? 443 : 80;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port: url.port === '' ? fallback : Number(url.port) };
}

function encodeAnswer(answer: FaultProxyAnswer): Buffer {
  const body = Buffer.from(answer.body ?? '');
  const headers = {
    'content-type': 'text/plain',
    ...answer.headers,
    'content-length': String(body.length),
    connection: 'close',
  };
  const head = [
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? 'Status'}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body]);
}

/**
 * Starts a TCP proxy on 127.0.0.1 (OS-chosen port) in front of any server:
 * TLS passes through untouched. Faults: delay, reset, blackhole and lost
 * responses; with `http: true` it also answers requests itself.
 *
 * @example
 * await using proxy = await startFaultProxy({ upstream: receiver.url });
 * proxy.setMode({ kind: 'reset', on: 'data' });
 * const outcome = await destination.send(batch, ctx); // aimed at proxy.rewrite(receiver.url)
 */
export async function startFaultProxy(
  opts: FaultProxyOptions
): Promise<FaultProxy> {
  const upstream = parseUpstream(opts.upstream);
  const open = new Set<Socket>();
  const answers: Array<FaultProxyAnswer & { count: number }> = [];
  let mode: FaultMode = opts.mode ?? { kind: 'pass' };
  let connections = 0;
  let requests = 0;

  const server = createServer((client) => {
    connections += 1;
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    if (mode.kind === 'reset' && mode.on === 'connect') {
      client.resetAndDestroy();
      return;
    }
    handle(client, mode.kind === 'blackhole');
  });

  const handle = (client: Socket, blackholed: boolean) => {
    let holeMode = blackholed;
    let clientSpoke = false;
    let toServer: Socket | undefined;
    let answered = false;
    const due = { up: 0, down: 0 };
    const framer = opts.http ? new RequestFramer() : undefined;
    const later = (direction: 'up' | 'down', send: () => void) => {
      if (mode.kind !== 'delay') return send();
      const at = Math.max(Date.now() + mode.ms, due[direction]);
      due[direction] = at;
      setTimeout(send, at - Date.now());
    };
    const upstreamSocket = () => {
      if (toServer) return toServer;
      const socket = connect(upstream.port, upstream.host);
      toServer = socket;
      socket.on('data', (chunk: Buffer) => {
        if (holeMode) return;
        if (mode.kind === 'loseResponse' && clientSpoke) {
          if (mode.when?.() ?? true) {
            client.resetAndDestroy();
            socket.destroy();
            return;
          }
        }
        later('down', () => client.write(chunk));
      });
      socket.on('end', () => later('down', () => client.end()));
      // After a local answer the client's socket ends on its own.
      const drop = () => answered || later('down', () => client.destroy());
      socket.on('error', drop);
      socket.on('close', drop);
      return socket;
    };
    const forward = (chunk: Buffer) => {
      clientSpoke = true;
      const socket = upstreamSocket();
      later('up', () => socket.write(chunk));
    };
    if (!holeMode && !framer) upstreamSocket();
    client.on('data', (chunk: Buffer) => {
      if (mode.kind === 'reset') {
        client.resetAndDestroy();
        toServer?.destroy();
        return;
      }
      if (mode.kind === 'blackhole') holeMode = true;
      if (holeMode || answered) return;
      if (!framer) return forward(chunk);
      for (const request of framer.push(chunk)) {
        requests += 1;
        const answer = answers[0];
        if (answer === undefined) {
          forward(request);
          continue;
        }
        answer.count -= 1;
        if (answer.count <= 0) answers.shift();
        answered = true;
        later('down', () => client.end(encodeAnswer(answer)));
        toServer?.destroy();
        return;
      }
    });
    client.on('end', () => later('up', () => toServer?.end()));
    client.on('close', () => toServer?.destroy());
  };

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const proxy: FaultProxy = {
    host: '127.0.0.1',
    port,
    rewrite(url) {
      const rewritten = new URL(url);
      rewritten.hostname = '127.0.0.1';
      rewritten.port = String(port);
      return rewritten.href;
    },
    get mode() {
      return mode;
    },
    setMode(next) {
      mode = next;
    },
    get connections() {
      return connections;
    },
    get openConnections() {
      return open.size;
    },
    get requests() {
      return requests;
    },
    answerNext(answer) {
      if (!opts.http) {
        throw new Error('answerNext needs startFaultProxy({ http: true })');
      }
      answers.push({ ...answer });
    },
    clearAnswers() {
      answers.length = 0;
    },
    async waitForIdle(waitOpts = {}) {
      const until = Date.now() + (waitOpts.timeoutMs ?? 1_000);
      while (open.size > 0 && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return open.size === 0;
    },
    dropConnections() {
      for (const socket of open) socket.destroy();
    },
    async close() {
      proxy.dropConnections();
      if (!server.listening) return;
      server.close();
      await once(server, 'close');
    },
    [Symbol.asyncDispose]() {
      return proxy.close();
    },
  };
  return proxy;
}
