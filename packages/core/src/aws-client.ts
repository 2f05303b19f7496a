import type { IncomingHttpHeaders } from 'node:http';
import type { AwsCredentials } from './aws-credentials.js';
import { createSigV4Signer } from './aws-sigv4.js';
import { createHttpPool } from './http-pool.js';

/**
 * Options of {@link createAwsClient}.
 *
 * @example
 * const opts: AwsClientOptions = { endpoint: 'https://logs.eu-west-1.amazonaws.com', service: 'logs', region: 'eu-west-1', credentials, connectTimeoutMs: 2_000, timeoutMs: 10_000 };
 */
export interface AwsClientOptions {
  /** `https://host[:port][/path]`: every request is a POST to it. */
  readonly endpoint: string;
  /** The signing name: `logs`, `sts`, `ssm`… */
  readonly service: string;
  readonly region: string;
  /** Fixed credentials, or a function returning the current ones. */
  readonly credentials: AwsCredentials | (() => Promise<AwsCredentials>);
  /** TCP connect plus TLS handshake of a new socket. */
  readonly connectTimeoutMs: number;
  /** Waiting for the answer, and between its chunks. */
  readonly timeoutMs: number;
}

/** An answer read to its end; the caller decides what it means. */
export interface AwsAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** Signed POSTs to one AWS endpoint over a keep-alive pool. */
export interface AwsClient {
  post(request: {
    /** Lowercase names: `content-type`, `x-amz-target`… */
    readonly headers: Readonly<Record<string, string>>;
    /** Hashed, signed and sent as it is. */
    readonly body: Buffer;
    readonly signal?: AbortSignal | undefined;
  }): Promise<AwsAnswer>;
  /** Closes every socket. */
  close(): Promise<void>;
}

/**
 * SigV4 accepts a request signed up to 5 minutes off the server's clock;
 * the Date header has whole seconds.
 */
const MAX_SKEW_MS = 4 * 60_000;

/**
 * Loads node:crypto and node:https (or node:http) when called and signs
 * each POST with SigV4 (no x-amz-content-sha256) at the current clock
 * corrected by the last skew seen: a 4xx answer whose Date is more than 4
 * minutes off the signing clock (RequestTimeTooSkewed, "Signature
 * expired") moves the signing clock to the server's and the request is
 * signed and sent once more.
 *
 * @example
 * const client = await createAwsClient({ endpoint, service: 'logs', region, credentials, connectTimeoutMs: 2_000, timeoutMs: 10_000 });
 * const answer = await client.post({ headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.CreateLogGroup' }, body });
 */
export async function createAwsClient(
  opts: AwsClientOptions
): Promise<AwsClient> {
  const url = new URL(opts.endpoint);
  const [pool, sign] = await Promise.all([
    createHttpPool({
      origin: url.origin,
      connectTimeoutMs: opts.connectTimeoutMs,
      timeoutMs: opts.timeoutMs,
    }),
    createSigV4Signer({
      service: opts.service,
      region: opts.region,
      credentials: opts.credentials,
      applyChecksum: false,
    }),
  ]);
  let clockOffsetMs = 0;
  const attempt: AwsClient['post'] = async (request) => {
    const headers = await sign(
      {
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port === '' ? undefined : Number(url.port),
        path: url.pathname,
        headers: request.headers,
        body: request.body,
      },
      { signingDate: new Date(Date.now() + clockOffsetMs) }
    );
    const answer = await pool.request({
      method: 'POST',
      path: url.pathname,
      headers,
      body: request.body,
      signal: request.signal,
    });
    return {
      status: answer.statusCode,
      headers: answer.headers,
      text: answer.body,
    };
  };
  const skewed = (answer: AwsAnswer): boolean => {
    if (answer.status < 400 || answer.status >= 500) return false;
    const serverMs = Date.parse(answer.headers.date ?? '');
    if (Number.isNaN(serverMs)) return false;
    const offsetMs = serverMs - Date.now();
    if (Math.abs(offsetMs - clockOffsetMs) <= MAX_SKEW_MS) return false;
    clockOffsetMs = offsetMs;
    return true;
  };
  return {
    async post(request) {
      const answer = await attempt(request);
      return skewed(answer) ? attempt(request) : answer;
    },
    close: () => pool.close(),
  };
}
