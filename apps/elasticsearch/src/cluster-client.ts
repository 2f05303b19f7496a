import { createHttpPool } from '@logdrain/core';
import type { ElasticsearchConfig } from './config.js';
import type { RequestSigner } from './sigv4.js';

/** An answer read to its end: the status, Retry-After and the body text. */
export interface ClusterAnswer {
  readonly status: number;
  readonly retryAfter: string | string[] | undefined;
  readonly text: string;
}

export interface ClusterRequest {
  readonly method: 'POST' | 'PUT' | 'GET';
  /** Relative to the URL's path, e.g. `logs-x/_bulk`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  readonly signal: AbortSignal;
}

const CONNECT_TIMEOUT_MS = 2_000;
const USER_AGENT = 'logdrain-elasticsearch/0.1.0';

/**
 * Requests to the cluster with authentication applied: an API key or
 * basic credentials as a header, or a SigV4 signature over the exact bytes
 * sent. Built once in the destination's factory.
 *
 * @example
 * const cluster = await createClusterClient(config, {});
 * await cluster.request({ method: 'GET', path: '', headers: {}, signal });
 */
export async function createClusterClient(
  config: ElasticsearchConfig,
  opts: { readonly signer?: RequestSigner | undefined }
) {
  const url = new URL(config.url);
  const prefix = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  const pool = await createHttpPool({
    origin: url.origin,
    ca: config.ca,
    connectTimeoutMs: Math.min(CONNECT_TIMEOUT_MS, config.timeoutMs),
    timeoutMs: config.timeoutMs,
  });
  const { auth } = config;
  const fixed: Record<string, string> = { 'user-agent': USER_AGENT };
  if (auth.kind === 'apiKey') fixed.authorization = `ApiKey ${auth.apiKey}`;
  if (auth.kind === 'basic') {
    const token = Buffer.from(`${auth.username}:${auth.password}`);
    fixed.authorization = `Basic ${token.toString('base64')}`;
  }
  const signer = opts.signer;

  return {
    async request(request: ClusterRequest): Promise<ClusterAnswer> {
      const path = `${prefix}${request.path}`;
      const search = new URLSearchParams(request.query).toString();
      let headers: Record<string, string> = {
        ...fixed,
        ...request.headers,
        // Signed by SigV4; the pool sends the same value.
        ...(request.body === undefined
          ? {}
          : { 'content-length': String(request.body.length) }),
      };
      if (signer !== undefined) {
        headers = await signer({
          method: request.method,
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port === '' ? undefined : Number(url.port),
          path,
          ...(request.query === undefined ? {} : { query: request.query }),
          headers,
          ...(request.body === undefined ? {} : { body: request.body }),
        });
      }
      const response = await pool.request({
        method: request.method,
        path: search === '' ? path : `${path}?${search}`,
        headers,
        body: request.body,
        signal: request.signal,
      });
      return {
        status: response.statusCode,
        retryAfter: response.headers['retry-after'],
        text: response.body,
      };
    },
    close: () => pool.close(),
  };
}

/** The client `createClusterClient` returns. */
export type ClusterClient = Awaited<ReturnType<typeof createClusterClient>>;
