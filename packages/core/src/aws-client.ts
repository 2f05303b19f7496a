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
  /** `https://host[:port][/path]`: the pool's origin and the default path. */
  readonly endpoint: string;
  /** The signing name: `logs`, `sts`, `ssm`, `s3`… */
  readonly service: string;
  readonly region: string;
  /** Fixed credentials, or a function returning the current ones. */
  readonly credentials: AwsCredentials | (() => Promise<AwsCredentials>);
  /** TCP connect plus TLS handshake of a new socket. */
  readonly connectTimeoutMs: number;
  /** Waiting for the answer, and between its chunks. */
  readonly timeoutMs: number;
  /** Answers are read up to this many bytes; default all. */
  readonly maxAnswerBytes?: number | undefined;
  /** Send and sign `x-amz-content-sha256` (S3 requires it); default false. */
  readonly applyChecksum?: boolean | undefined;
  /** False for S3: the path is signed as sent (see createSigV4Signer). */
  readonly normalizePath?: boolean | undefined;
}

/**
 * One request of {@link AwsClient.send}.
 *
 * @example
 * const request: AwsRequest = { method: 'PUT', path: '/logs/a.gz', headers: { 'content-type': 'application/gzip' }, body, signal };
 */
export interface AwsRequest {
  /** Default POST. */
  readonly method?: 'POST' | 'PUT' | undefined;
  /** The path as sent, already URI-encoded; default the endpoint's. */
  readonly path?: string | undefined;
  /** Lowercase names: `content-type`, `x-amz-target`… */
  readonly headers: Readonly<Record<string, string>>;
  /** Signed and sent as it is. */
  readonly body: Buffer;
  /** SHA-256 of `body`, lowercase hex, when the caller has it already. */
  readonly payloadHash?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * An answer read to its end; the caller decides what it means.
 *
 * @example
 * const answer: AwsAnswer = await client.send({ headers, body });
 * if (answer.status >= 300) throw new Error(awsErrorOf(answer).code);
 */
export interface AwsAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/**
 * Signed requests to one AWS endpoint over a keep-alive pool (see
 * {@link createAwsClient}).
 *
 * @example
 * const client: AwsClient = await createAwsClient(opts);
 * const answer = await client.send({ headers, body, signal });
 * await client.close();
 */
export interface AwsClient {
  send(request: AwsRequest): Promise<AwsAnswer>;
  /** Closes every socket. */
  close(): Promise<void>;
}

/**
 * SigV4 accepts a request signed up to 5 minutes off the server's clock
 * (S3 up to 15); the Date header has whole seconds.
 */
const MAX_SKEW_MS = 4 * 60_000;

/**
 * Loads node:crypto and node:https (or node:http) when called and signs
 * each request with SigV4 at the current clock corrected by the last skew
 * seen. A 4xx answer whose Date is more than 4 minutes off the signing
 * clock (S3's RequestTimeTooSkewed, CloudWatch's and STS's "Signature
 * expired": each service names it its own way) moves the signing clock
 * to the server's, and the request is signed and sent once more at once:
 * no backoff to wait, and callers without a retry (a secret read at init)
 * recover too. The answer handed back is the second one.
 *
 * @example
 * const client = await createAwsClient({ endpoint, service: 'logs', region, credentials, connectTimeoutMs: 2_000, timeoutMs: 10_000 });
 * const answer = await client.send({ headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.CreateLogGroup' }, body });
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
      maxBodyBytes: opts.maxAnswerBytes,
    }),
    createSigV4Signer({
      service: opts.service,
      region: opts.region,
      credentials: opts.credentials,
      applyChecksum: opts.applyChecksum ?? false,
      normalizePath: opts.normalizePath,
    }),
  ]);
  let clockOffsetMs = 0;
  const attempt: AwsClient['send'] = async (request) => {
    const method = request.method ?? 'POST';
    const path = request.path ?? url.pathname;
    const headers = await sign(
      {
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port === '' ? undefined : Number(url.port),
        path,
        headers: request.headers,
        body: request.body,
        payloadHash: request.payloadHash,
      },
      { signingDate: new Date(Date.now() + clockOffsetMs) }
    );
    const answer = await pool.request({
      method,
      path,
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
    async send(request) {
      const answer = await attempt(request);
      return skewed(answer) ? attempt(request) : answer;
    },
    close: () => pool.close(),
  };
}
