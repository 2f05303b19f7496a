import type { IncomingMessage } from 'node:http';

/** What came back: the status, Retry-After and the start of an error body. */
export interface HttpAnswer {
  readonly status: number;
  readonly retryAfter: string | undefined;
  /** Empty for 2xx; otherwise up to 512 bytes, for the reason line. */
  readonly text: string;
}

export interface HttpPoster {
  post(opts: {
    body: Buffer;
    headers: Record<string, string>;
    signal: AbortSignal;
  }): Promise<HttpAnswer>;
  /** Closes every socket; the poster is unusable afterwards. */
  close(): Promise<void>;
}

const MAX_REASON_BYTES = 512;
const USER_AGENT = 'logdrain-s3';

/**
 * A keep-alive POST client for one URL over node:http(s). TLS verification
 * is always on; `ca` adds a trusted CA to Node's roots. The modules load
 * here, after registration, not with the bundle.
 *
 * @example
 * const poster = await createHttpPoster({ url: 'https://logs.example.com/in', ca: undefined });
 */
export async function createHttpPoster(opts: {
  url: string;
  ca: string | undefined;
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
  const status = res.statusCode ?? 0;
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end (so the socket can be reused), keeping only the start.
  for await (const chunk of res) {
    if (size < MAX_REASON_BYTES) chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  const ok = status >= 200 && status < 300;
  const retryAfter = res.headers['retry-after'];
  return {
    status,
    retryAfter,
    text: ok
      ? ''
      : Buffer.concat(chunks).subarray(0, MAX_REASON_BYTES).toString(),
  };
}
