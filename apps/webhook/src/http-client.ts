import type { Socket } from 'node:net';
import type { Dispatcher } from 'undici';

/** The slice of undici the webhook uses: one keep-alive pool to one origin. */
export interface HttpClient {
  request(opts: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  close(): Promise<void>;
}

export interface HttpClientOptions {
  /** `https://host:port` */
  readonly origin: string;
  /** An extra CA (PEM) trusted besides Node's root certificates. */
  readonly ca?: string;
  /** TCP connect plus TLS handshake. */
  readonly connectTimeoutMs: number;
  /** Waiting for response headers, and between body chunks. */
  readonly timeoutMs: number;
}

/**
 * Loads undici (lazily: the extension registers before this runs) and opens
 * a small keep-alive pool. TLS verification is always on.
 *
 * @example
 * const client = await createHttpClient({ origin: 'https://logs.example.com', connectTimeoutMs: 2_000, timeoutMs: 5_000 });
 */
export async function createHttpClient(
  opts: HttpClientOptions
): Promise<HttpClient> {
  // node:tls too is imported here, not at the top: static imports of the
  // bundle are loaded before the extension can register.
  const [
    { default: Pool },
    { default: request },
    { default: buildConnector },
    { rootCertificates },
  ] = await Promise.all([
    import('undici/lib/dispatcher/pool.js'),
    import('undici/lib/api/api-request.js'),
    import('undici/lib/core/connect.js'),
    import('node:tls'),
  ]);
  const connectTls = buildConnector({
    timeout: opts.connectTimeoutMs,
    rejectUnauthorized: true,
    ...(opts.ca === undefined ? {} : { ca: [...rootCertificates, opts.ca] }),
  });
  // undici aborts a request only once it has a connection: one waiting on
  // a connect (a silent server) would ignore its signal until the connect
  // timeout. Sockets still connecting are kept here so that an abort can
  // destroy them, which fails the waiting request at once.
  const connecting = new Set<Socket>();
  const pool = new Pool(opts.origin, {
    // core sends one batch at a time; a second connection covers a
    // background flush overlapping the shutdown flush.
    connections: 2,
    pipelining: 1,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    // Below the common 5 s server idle timeout, so a socket is rarely reused
    // just as the server closes it. Sockets that went stale while the
    // environment was frozen fail fast and core retries them at once.
    keepAliveTimeout: 4_000,
    connect(connectOpts, callback) {
      // undici's types say void; its connector returns the socket it made.
      const socket = connectTls(connectOpts, (...args) => {
        connecting.delete(socket);
        callback(...args);
      }) as unknown as Socket;
      connecting.add(socket);
    },
  });
  return {
    async request(requestOpts) {
      const signal = requestOpts.signal as AbortSignal | undefined;
      // undici would queue it and connect first (see above).
      signal?.throwIfAborted();
      const abortConnects = () => {
        for (const socket of connecting) socket.destroy(signal?.reason);
      };
      signal?.addEventListener('abort', abortConnects, { once: true });
      try {
        return await request.call(pool, requestOpts);
      } finally {
        signal?.removeEventListener('abort', abortConnects);
      }
    },
    close: () => pool.close(),
  };
}
