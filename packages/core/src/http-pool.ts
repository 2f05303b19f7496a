import type {
  Agent,
  ClientRequest,
  IncomingHttpHeaders,
  IncomingMessage,
  RequestOptions,
} from 'node:http';
import type { ConnectionOptions, SecureContext } from 'node:tls';

/** One request to the pool's origin. */
export interface HttpPoolRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** Path and query. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Sent with its `content-length`. */
  readonly body?: Buffer | undefined;
  /** Aborting destroys the request's socket. */
  readonly signal?: AbortSignal | undefined;
}

/** An answer read to its end. */
export interface HttpPoolResponse {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  /** The body as text, cut to the pool's `maxBodyBytes`. */
  readonly body: string;
}

/** A keep-alive connection pool to one origin. */
export interface HttpPool {
  request(request: HttpPoolRequest): Promise<HttpPoolResponse>;
  /** Closes every socket. */
  close(): Promise<void>;
}

export interface HttpPoolOptions {
  /** `https://host:port` (or `http://` to a loopback host). */
  readonly origin: string;
  /** An extra CA (PEM) trusted besides Node's root certificates. */
  readonly ca?: string | undefined;
  /** TCP connect plus TLS handshake of a new socket. */
  readonly connectTimeoutMs: number;
  /** Waiting for the answer, and between its chunks. */
  readonly timeoutMs: number;
  /**
   * Keep only the body's first bytes (e.g. an error's reason line); the rest
   * is drained, and a body that breaks after those bytes came still resolves
   * with them. A body that breaks before (or, unset, at all) rejects.
   */
  readonly maxBodyBytes?: number | undefined;
}

/**
 * Below the common 5 s idle timeout of servers, proxies and load balancers,
 * so a socket is rarely reused just as the server closes it. Sockets that
 * went stale while the environment was frozen fail fast with a reset, and
 * core retries those at once.
 */
const KEEP_ALIVE_MS = 4_000;

/**
 * Loads node:https (or node:http) when called, so call it after
 * registration, and opens a keep-alive pool of two sockets (core sends one
 * batch at a time; a second socket covers a background flush overlapping
 * the shutdown flush). TLS verification is always on; an extra CA goes into
 * one secure context that every connection shares. An abort destroys the
 * request's socket; the next request opens a fresh one. Node's own HTTP
 * client parses answers natively: undici's WebAssembly parser alone took
 * ~25 MB of memory.
 *
 * @example
 * const pool = await createHttpPool({ origin: 'https://logs.example.com', connectTimeoutMs: 2_000, timeoutMs: 5_000 });
 * const { statusCode } = await pool.request({ method: 'POST', path: '/in', headers: {}, body: Buffer.from('[]') });
 */
export async function createHttpPool(opts: HttpPoolOptions): Promise<HttpPool> {
  const origin = new URL(opts.origin);
  const secure = origin.protocol === 'https:';
  const maxBodyBytes = opts.maxBodyBytes ?? Number.POSITIVE_INFINITY;
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

  return {
    request(request) {
      return new Promise<HttpPoolResponse>((resolve, reject) => {
        request.signal?.throwIfAborted();
        const { body, signal } = request;
        const req = send({
          protocol: origin.protocol,
          hostname: origin.hostname.replace(/^\[|\]$/g, ''),
          port: origin.port,
          method: request.method,
          path: request.path,
          agent,
          headers:
            body === undefined
              ? request.headers
              : { ...request.headers, 'content-length': String(body.length) },
          ...(signal === undefined ? {} : { signal }),
        });
        req.on('error', reject);
        req.on('socket', (socket) => {
          // A reused socket is connected already.
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
          readBody(res, maxBodyBytes).then(
            (text) =>
              resolve({
                statusCode: res.statusCode ?? 0,
                headers: res.headers,
                body: text,
              }),
            reject
          );
        });
        req.end(body);
      });
    },
    async close() {
      agent.destroy();
    },
  };
}

/** Keeps the body's first `maxBytes` and drains the rest. */
function readBody(res: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      if (size >= maxBytes) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    const done = () =>
      resolve(Buffer.concat(chunks).subarray(0, maxBytes).toString());
    res.on('end', done);
    // Once cut, the body is all there is to read, and breaking while the
    // rest drains loses nothing; a body broken short of that would be read
    // as if whole (partial XML or JSON).
    res.on('error', (error) => (size >= maxBytes ? done() : reject(error)));
  });
}
