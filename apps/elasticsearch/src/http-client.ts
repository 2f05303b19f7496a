import type {
  Agent,
  ClientRequest,
  IncomingHttpHeaders,
  RequestOptions,
} from 'node:http';
import type { ConnectionOptions, SecureContext } from 'node:tls';

/** One request to the cluster's origin. */
export interface HttpRequest {
  readonly method: 'POST' | 'PUT' | 'GET';
  /** Path and query. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  readonly signal: AbortSignal;
}

/** An answer read to its end. */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** A keep-alive connection pool to the cluster's origin. */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Closes every socket. */
  close(): Promise<void>;
}

export interface HttpClientOptions {
  /** `https://host:port` (or `http://` to a loopback host). */
  readonly origin: string;
  /** An extra CA (PEM) trusted besides Node's root certificates. */
  readonly ca?: string | undefined;
  /** TCP connect plus TLS handshake. */
  readonly connectTimeoutMs: number;
  /** Waiting for the answer, and between its chunks. */
  readonly timeoutMs: number;
}

/**
 * Under the usual 5 s idle timeout of proxies and load balancers in front
 * of clusters; a socket gone stale during a freeze fails fast with a reset
 * and core retries it at once.
 */
const KEEP_ALIVE_MS = 4_000;

/**
 * Loads node:https (or node:http) after registration (the factory calls
 * this) and opens a keep-alive pool of two sockets: one bulk at a time from
 * core, plus a background flush that may still run when the shutdown flush
 * starts. TLS verification is always on; an extra CA goes into one secure
 * context all connections share. An abort (core's attempt timeout or a
 * deadline) destroys the request's socket, connecting or waiting for an
 * answer nobody will read; the next request opens a fresh one.
 *
 * @example
 * const client = await createHttpClient({ origin: 'https://search.example.com', connectTimeoutMs: 2_000, timeoutMs: 10_000 });
 */
export async function createHttpClient(
  opts: HttpClientOptions
): Promise<HttpClient> {
  const origin = new URL(opts.origin);
  const secure = origin.protocol === 'https:';
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
    // Built at the first request, not at start (which would delay ready).
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

  return {
    request(request) {
      return new Promise<HttpResponse>((resolve, reject) => {
        request.signal.throwIfAborted();
        const req = send({
          protocol: origin.protocol,
          hostname: origin.hostname.replace(/^\[|\]$/g, ''),
          port: origin.port,
          method: request.method,
          path: request.path,
          agent,
          headers: request.headers,
          signal: request.signal,
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
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              statusCode: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString(),
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
