import type { IncomingMessage } from 'node:http';

/** What came back: the status, Retry-After, content type and body. */
export interface HttpAnswer {
  readonly status: number;
  readonly retryAfter: string | undefined;
  readonly contentType: string | undefined;
  /** The body, up to 64 KiB (an OTLP answer is a few bytes). */
  readonly body: Buffer;
}

export interface HttpPoster {
  post(opts: {
    body: Uint8Array;
    headers: Record<string, string>;
    signal: AbortSignal;
  }): Promise<HttpAnswer>;
  /** Closes every socket; the poster is unusable afterwards. */
  close(): Promise<void>;
}

const MAX_ANSWER_BYTES = 65_536;
const USER_AGENT = 'logdrain-otlp';

/**
 * A keep-alive POST client for one URL over node:http(s). TLS verification
 * is always on; `ca` adds a trusted CA to Node's roots. The modules load
 * here, after registration, not with the bundle.
 *
 * @example
 * const poster = await createHttpPoster({ url: 'https://otlp.example.com/v1/logs', ca: undefined, timeoutMs: 10_000 });
 */
export async function createHttpPoster(opts: {
  url: string;
  ca: string | undefined;
  /** A request whose socket stays silent this long is dropped. */
  timeoutMs: number;
}): Promise<HttpPoster> {
  const url = new URL(opts.url);
  const secure = url.protocol === 'https:';
  const [http, https, tls] = await Promise.all([
    import('node:http'),
    import('node:https'),
    import('node:tls'),
  ]);
  // Two sockets: core sends one batch at a time, and a background flush
  // may overlap the shutdown flush.
  const agent = secure
    ? new https.Agent({
        keepAlive: true,
        maxSockets: 2,
        rejectUnauthorized: true,
        ...(opts.ca === undefined
          ? {}
          : { ca: [...tls.rootCertificates, opts.ca] }),
      })
    : new http.Agent({ keepAlive: true, maxSockets: 2 });
  const request = secure ? https.request : http.request;

  return {
    post: ({ body, headers, signal }) =>
      new Promise<HttpAnswer>((resolve, reject) => {
        const req = request(url, {
          method: 'POST',
          agent,
          signal, // aborting destroys the request and its socket
          headers: {
            'user-agent': USER_AGENT,
            ...headers,
            'content-length': String(body.length),
          },
        });
        // OTEL_EXPORTER_OTLP_TIMEOUT; core's attempt signal may fire sooner.
        req.setTimeout(opts.timeoutMs, () =>
          req.destroy(
            new Error(
              `no answer within ${opts.timeoutMs} ms (OTEL_EXPORTER_OTLP_TIMEOUT)`
            )
          )
        );
        req.on('error', reject);
        req.on('response', (res) => readAnswer(res).then(resolve, reject));
        req.end(body);
      }),
    async close() {
      agent.destroy();
    },
  };
}

async function readAnswer(res: IncomingMessage): Promise<HttpAnswer> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end (so the socket can be reused), keeping only the start.
  for await (const chunk of res) {
    if (size < MAX_ANSWER_BYTES) chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  const retryAfter = res.headers['retry-after'];
  return {
    status: res.statusCode ?? 0,
    retryAfter,
    contentType: res.headers['content-type'],
    body: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES),
  };
}
