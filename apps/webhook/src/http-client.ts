import type {
  Agent,
  ClientRequest,
  IncomingHttpHeaders,
  IncomingMessage,
  RequestOptions,
} from 'node:http';
import type { ConnectionOptions, SecureContext } from 'node:tls';

/** One POST to the webhook's origin. */
export interface HttpRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly signal?: AbortSignal;
}

/** The answer; the body only when it was not a 2xx (for the reason line). */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  /** The first `maxReasonBytes` of a non-2xx body; '' for a 2xx. */
  readonly reason: string;
}

/** A keep-alive connection pool to one origin. */
export interface HttpClient {
  post(request: HttpRequest): Promise<HttpResponse>;
  /** Closes every socket. */
  close(): Promise<void>;
}

export interface HttpClientOptions {
  /** `https://host:port` (or `http://` to a loopback host). */
  readonly origin: string;
  /** An extra CA (PEM) trusted besides Node's root certificates. */
  readonly ca?: string;
  /** TCP connect plus TLS handshake. */
  readonly connectTimeoutMs: number;
  /** Waiting for the answer, and between its chunks. */
  readonly timeoutMs: number;
  /** How much of an error answer's body is kept; default 512. */
  readonly maxReasonBytes?: number;
}

/**
 * Below the common 5 s server idle timeout, so a socket is rarely reused just
 * as the server closes it. Sockets that went stale while the environment was
 * frozen fail fast with a reset, and core retries those at once.
 */
const KEEP_ALIVE_MS = 4_000;

/**
 * Loads node:https (or node:http) lazily, after registration, and opens a
 * keep-alive pool of two sockets (core sends one batch at a time; a second
 * socket covers a background flush overlapping the shutdown flush). TLS
 * verification is always on; an extra CA goes into one secure context that
 * every connection shares. Node's own HTTP client parses answers
 * natively: undici's WebAssembly parser alone took ~25 MB of memory.
 *
 * @example
 * const client = await createHttpClient({ origin: 'https://logs.example.com', connectTimeoutMs: 2_000, timeoutMs: 5_000 });
 * const { statusCode } = await client.post({ path: '/in', headers: {}, body: Buffer.from('[]') });
 */
export async function createHttpClient(
  opts: HttpClientOptions
): Promise<HttpClient> {
  const secure = new URL(opts.origin).protocol === 'https:';
  const maxReasonBytes = opts.maxReasonBytes ?? 512;
  let agent: Agent;
  let send: (options: RequestOptions) => ClientRequest;
  if (secure) {
    const [https, { createSecureContext, rootCertificates }] =
      await Promise.all([import('node:https'), import('node:tls')]);
    agent = new https.Agent({
      keepAlive: true,
      maxSockets: 2,
      timeout: KEEP_ALIVE_MS,
      rejectUnauthorized: true,
    });
    // Given as `ca`, an extra CA made every new connection parse Node's ~140
    // root certificates again (about 40 ms of CPU each time): one context is
    // built at the first request (not at start, which would delay ready)
    // and shared.
    const { ca } = opts;
    let context: SecureContext | undefined;
    send =
      ca === undefined
        ? (options) => https.request(options)
        : (options) => {
            context ??= createSecureContext({ ca: [...rootCertificates, ca] });
            const withContext: RequestOptions &
              Pick<ConnectionOptions, 'secureContext'> = {
              ...options,
              secureContext: context,
            };
            return https.request(withContext);
          };
  } else {
    const http = await import('node:http');
    agent = new http.Agent({
      keepAlive: true,
      maxSockets: 2,
      timeout: KEEP_ALIVE_MS,
    });
    send = (options) => http.request(options);
  }
  const origin = new URL(opts.origin);

  return {
    post(request) {
      return new Promise<HttpResponse>((resolve, reject) => {
        request.signal?.throwIfAborted();
        const req = send({
          protocol: origin.protocol,
          hostname: origin.hostname.replace(/^\[|\]$/g, ''),
          port: origin.port,
          method: 'POST',
          path: request.path,
          agent,
          headers: {
            ...request.headers,
            'content-length': String(request.body.length),
          },
          ...(request.signal === undefined ? {} : { signal: request.signal }),
        });
        req.on('error', reject);
        req.on('socket', (socket) => {
          if (req.reusedSocket) return;
          const timer = setTimeout(
            () =>
              req.destroy(
                new Error(`connect timed out after ${opts.connectTimeoutMs} ms`)
              ),
            opts.connectTimeoutMs
          );
          const done = () => clearTimeout(timer);
          socket.once(secure ? 'secureConnect' : 'connect', done);
          socket.once('close', done);
        });
        req.setTimeout(opts.timeoutMs, () =>
          req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`))
        );
        req.on('response', (res) => {
          void readReason(res, maxReasonBytes).then((reason) =>
            resolve({
              statusCode: res.statusCode ?? 0,
              headers: res.headers,
              reason,
            })
          );
        });
        req.end(request.body);
      });
    },
    async close() {
      agent.destroy();
    },
  };
}

/** Reads an error answer's start and drops the rest; a 2xx is drained. */
function readReason(res: IncomingMessage, maxBytes: number): Promise<string> {
  const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      if (ok || size >= maxBytes) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    const done = () =>
      resolve(Buffer.concat(chunks).subarray(0, maxBytes).toString());
    res.on('end', done);
    // The answer's status is what matters; a broken body adds nothing.
    res.on('error', done);
  });
}
