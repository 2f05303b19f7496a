import type { Socket } from 'node:net';
import type { Dispatcher } from 'undici';

/** One keep-alive undici pool to the cluster's origin. */
export interface HttpClient {
  request(opts: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  close(): Promise<void>;
}

export interface HttpClientOptions {
  /** `https://host:port` */
  readonly origin: string;
  /** An extra CA (PEM) trusted besides Node's root certificates. */
  readonly ca?: string | undefined;
  /** TCP connect plus TLS handshake. */
  readonly connectTimeoutMs: number;
  /** Waiting for response headers, and between body chunks. */
  readonly timeoutMs: number;
}

/**
 * Loads undici (after registration: the factory calls this) and opens a
 * pool of two keep-alive connections. TLS verification is always on.
 *
 * @example
 * const client = await createHttpClient({ origin: 'https://search.example.com', connectTimeoutMs: 2_000, timeoutMs: 10_000 });
 */
export async function createHttpClient(
  opts: HttpClientOptions
): Promise<HttpClient> {
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
  const connect = buildConnector({
    timeout: opts.connectTimeoutMs,
    rejectUnauthorized: true,
    ...(opts.ca === undefined ? {} : { ca: [...rootCertificates, opts.ca] }),
  });
  // undici honours a request's signal only once the request has a
  // connection, so an abort while connecting (a silent cluster) would wait
  // for the connect timeout; and a request already sent keeps its socket
  // open, waiting for an answer nobody reads. So an abort destroys the
  // pool's sockets, connecting or open: core aborts only at an attempt's
  // timeout or a deadline, when a connection is worth nothing, and a
  // request that shared it is retried at once on a fresh one.
  const sockets = new Set<Socket>();
  const pool = new Pool(opts.origin, {
    // One bulk at a time from core, plus a background flush that may still
    // run when the shutdown flush starts.
    connections: 2,
    pipelining: 1,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    // Under the usual 5 s idle timeout of proxies and load balancers in
    // front of clusters; a socket gone stale during a freeze fails fast and
    // core retries it at once.
    keepAliveTimeout: 4_000,
    connect(connectOpts, callback) {
      const socket = connect(connectOpts, callback) as unknown as Socket;
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    },
  });
  return {
    async request(requestOpts) {
      const signal = requestOpts.signal as AbortSignal | undefined;
      signal?.throwIfAborted();
      const abortConnects = () => {
        for (const socket of sockets) socket.destroy(signal?.reason);
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
