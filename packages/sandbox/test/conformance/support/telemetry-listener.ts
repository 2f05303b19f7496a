import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** One POST the environment made to the listener. */
export interface ReceivedPost {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** What the listener answered. */
  status: number;
}

/** A telemetry event as delivered. */
export interface DeliveredEvent {
  time: string;
  type: string;
  record: unknown;
}

/** The test's own Telemetry/Logs API listener (HTTP and TCP, 127.0.0.1). */
export interface TelemetryListener extends AsyncDisposable {
  httpPort: number;
  tcpPort: number;
  posts: ReceivedPost[];
  /** NDJSON lines written to the TCP port. */
  lines: string[];
  /** Statuses to answer the next POSTs with, in order; then 200. */
  answers: number[];
  /** Every event of every accepted (2xx) whole POST body, in order. */
  events(): DeliveredEvent[];
  /** A URL that answers once a received body contained `text`. */
  waitUrl(text: string): string;
}

/** Starts an HTTP and a TCP listener on free ports. */
export async function startTelemetryListener(): Promise<TelemetryListener> {
  const posts: ReceivedPost[] = [];
  const lines: string[] = [];
  const answers: number[] = [];
  const server = http.createServer((req, res) => {
    // GET /wait?for=TEXT answers once a POST body contained TEXT.
    if (req.method === 'GET') {
      const text = new URL(req.url ?? '/', 'http://x').searchParams.get('for');
      const check = () => {
        const got = posts.some(
          (p) => p.status < 300 && p.text.includes(text ?? '')
        );
        if (got) res.end('{}');
        else setTimeout(check, 5);
      };
      check();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = answers.shift() ?? 200;
      posts.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        text: Buffer.concat(chunks).toString('utf8'),
        status,
      });
      res.writeHead(status).end();
    });
  });
  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let rest = '';
    socket.on('data', (chunk) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts);
    });
  });
  const listen = (s: net.Server) =>
    new Promise<number>((done) =>
      s.listen(0, '127.0.0.1', () =>
        done((s.address() as net.AddressInfo).port)
      )
    );
  const httpPort = await listen(server);
  const tcpPort = await listen(tcp);
  return {
    httpPort,
    tcpPort,
    posts,
    lines,
    answers,
    waitUrl: (text) =>
      `http://127.0.0.1:${httpPort}/wait?for=${encodeURIComponent(text)}`,
    events: () =>
      posts.flatMap((p) => {
        if (p.status >= 300) return [];
        try {
          return JSON.parse(p.text) as DeliveredEvent[];
        } catch {
          return [];
        }
      }),
    [Symbol.asyncDispose]: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => tcp.close(done));
    },
  };
}

/** Polls until `pred` holds; throws after `timeoutMs` (a bound, not a check). */
export async function waitFor(
  pred: () => boolean,
  what: string,
  timeoutMs = 20_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
