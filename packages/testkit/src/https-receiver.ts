import { once } from 'node:events';
import type {
  IncomingHttpHeaders,
  IncomingMessage,
  ServerResponse,
} from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { decodeBody } from './decode-body.js';
import { createSelfSignedCert } from './self-signed-cert.js';

/** How the receiver answers one request: a status, or a status with headers. */
export type ReceiverReply =
  | number
  | {
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: string;
    };

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body exactly as sent. */
  readonly rawBody: Buffer;
  /** The body after content-encoding was undone. */
  readonly body: Buffer;
  /** A JSON array's items, one JSON value, or NDJSON lines; undefined if unparseable. */
  readonly records: readonly unknown[] | undefined;
  readonly decodeError?: string;
  readonly receivedAtMs: number;
  /** The status answered; undefined while held by pause() or if the client left. */
  readonly status: number | undefined;
}

export interface HttpsReceiverOptions {
  /** Answers consumed in order, one per request; then 200. */
  readonly replies?: readonly ReceiverReply[];
  /** Decides an answer per request; undefined falls through to `replies`. */
  readonly statusFor?: (
    request: Omit<ReceivedRequest, 'status'>
  ) => ReceiverReply | undefined;
}

export interface HttpsReceiver {
  /** `https://127.0.0.1:<port>/ingest`; any path is accepted. */
  readonly url: string;
  readonly port: number;
  /** The self-signed certificate (PEM): pass it as the client's CA. */
  readonly ca: string;
  readonly requests: readonly ReceivedRequest[];
  /** Records of every request answered 2xx, in arrival order. */
  readonly acceptedRecords: readonly unknown[];
  /** TLS connections accepted so far. */
  readonly connections: number;
  /** Answers every request with this until cleared with undefined. */
  setStatus(reply: ReceiverReply | undefined): void;
  /** Holds every answer until resume(). */
  pause(): void;
  resume(): void;
  /** Resolves once `predicate` holds, checked after every request. */
  waitFor(
    predicate: (receiver: HttpsReceiver) => boolean,
    opts?: { timeoutMs?: number }
  ): Promise<void>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

interface MutableRequest extends Omit<ReceivedRequest, 'status'> {
  status: number | undefined;
}

function normalize(reply: ReceiverReply) {
  return typeof reply === 'number' ? { status: reply } : reply;
}

/**
 * Starts a real HTTPS server on 127.0.0.1 with a fresh self-signed
 * certificate that records every request and answers as scripted.
 *
 * @example
 * await using receiver = await startHttpsReceiver({ replies: [503, 200] });
 * await fetch(receiver.url, { method: 'POST', body: '[]' }); // with receiver.ca trusted
 */
export async function startHttpsReceiver(
  opts: HttpsReceiverOptions = {}
): Promise<HttpsReceiver> {
  const { key, cert } = await createSelfSignedCert();
  const replies = [...(opts.replies ?? [])];
  const requests: MutableRequest[] = [];
  const waiters = new Set<() => void>();
  let held: Array<() => void> | undefined;
  let forced: ReceiverReply | undefined;
  let connections = 0;

  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };

  const answer = (request: MutableRequest, res: ServerResponse) => {
    const reply = normalize(
      opts.statusFor?.(request) ?? forced ?? replies.shift() ?? 200
    );
    if (res.destroyed) {
      notify();
      return;
    }
    request.status = reply.status;
    res.writeHead(reply.status, {
      'content-type': 'text/plain',
      ...reply.headers,
    });
    res.end(reply.body ?? '');
    notify();
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks);
    const decoded = decodeBody({
      raw: rawBody,
      contentEncoding: req.headers['content-encoding'],
    });
    const request: MutableRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      rawBody,
      body: decoded.body,
      records: decoded.records,
      ...(decoded.error === undefined ? {} : { decodeError: decoded.error }),
      receivedAtMs: Date.now(),
      status: undefined,
    };
    requests.push(request);
    if (held) {
      held.push(() => answer(request, res));
      notify();
      return;
    }
    answer(request, res);
  };

  const server: Server = createServer({ key, cert }, (req, res) => {
    onRequest(req, res).catch(() => res.destroy());
  });
  server.on('secureConnection', () => {
    connections += 1;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const receiver: HttpsReceiver = {
    url: `https://127.0.0.1:${port}/ingest`,
    port,
    ca: cert,
    get requests() {
      return requests;
    },
    get acceptedRecords() {
      return requests
        .filter((r) => r.status !== undefined && r.status >= 200)
        .filter((r) => (r.status ?? 0) < 300)
        .flatMap((r) => r.records ?? []);
    },
    get connections() {
      return connections;
    },
    setStatus(reply) {
      forced = reply;
    },
    pause() {
      held ??= [];
    },
    resume() {
      const release = held ?? [];
      held = undefined;
      for (const send of release) send();
    },
    waitFor(predicate, waitOpts = {}) {
      const timeoutMs = waitOpts.timeoutMs ?? 10_000;
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!predicate(receiver)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `receiver: condition not met within ${timeoutMs} ms (${requests.length} requests, ${receiver.acceptedRecords.length} accepted records)`
            )
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      forced = 503;
      receiver.resume();
      server.closeAllConnections();
      if (server.listening) {
        server.close();
        await once(server, 'close');
      }
    },
    [Symbol.asyncDispose]() {
      return receiver.close();
    },
  };
  return receiver;
}
