import type { AwsCredentials } from './aws-credentials.js';

/**
 * A request as Signature Version 4 signs it; `body` exactly as sent.
 *
 * @example
 * const request: SignableRequest = { method: 'POST', protocol: 'https:', hostname: 'ssm.eu-west-1.amazonaws.com', path: '/', headers: {}, body: '{}' };
 */
export interface SignableRequest {
  readonly method: string;
  /** `https:` or `http:` */
  readonly protocol: string;
  readonly hostname: string;
  readonly port?: number | undefined;
  /** The path as sent, without the query, e.g. `/logs-x/_bulk`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** Lowercase names; `host` is added from hostname and port when absent. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string | undefined;
  /**
   * The body's SHA-256 in lowercase hex when the caller has it already
   * (then `body` is not hashed again).
   */
  readonly payloadHash?: string | undefined;
}

/**
 * Returns the request's headers plus `host`, `authorization` and `x-amz-*`.
 *
 * @example
 * const headers = await sign(request, { signingDate: new Date() });
 */
export type RequestSigner = (
  request: SignableRequest,
  opts?: { readonly signingDate?: Date }
) => Promise<Record<string, string>>;

/**
 * Options of {@link createSigV4Signer}.
 *
 * @example
 * const opts: SigV4Options = { service: 'es', region: 'eu-west-1', credentials };
 */
export interface SigV4Options {
  /** The signing name: `es`, `aoss`, `secretsmanager`, `ssm`… */
  readonly service: string;
  readonly region: string;
  /** Fixed credentials, or a function returning the current ones. */
  readonly credentials: AwsCredentials | (() => Promise<AwsCredentials>);
  /**
   * Send and sign `x-amz-content-sha256` (default true: OpenSearch
   * Serverless requires it; other services accept it).
   */
  readonly applyChecksum?: boolean;
  /**
   * Normalise the path (`.`, `..`, empty segments) and URI-encode it once
   * more, as every service but S3 expects (default true). False for S3:
   * the path is signed as sent, each key segment encoded once by the
   * caller with {@link escapeUri}.
   */
  readonly normalizePath?: boolean;
}

// Headers proxies and clients change on the way, as the AWS SDK leaves them.
const UNSIGNED = new Set([
  'authorization',
  'cache-control',
  'connection',
  'expect',
  'from',
  'keep-alive',
  'max-forwards',
  'pragma',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);

/**
 * Signs requests with AWS Signature Version 4 on node:crypto, which loads
 * here (not before the extension registers). Paths are normalised and
 * URI-encoded once more unless `normalizePath` is false (S3).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 *
 * @example
 * const sign = await createSigV4Signer({ service: 'es', region: 'eu-west-1', credentials });
 * const headers = await sign({ method: 'POST', protocol: 'https:', hostname: 'search-x.eu-west-1.es.amazonaws.com', path: '/_bulk', headers: {}, body });
 */
export async function createSigV4Signer(
  opts: SigV4Options
): Promise<RequestSigner> {
  const { createHash, createHmac } = await import('node:crypto');
  const sha256Hex = (data: Uint8Array | string) =>
    createHash('sha256').update(data).digest('hex');
  const hmac = (key: string | Buffer, data: string) =>
    createHmac('sha256', key).update(data).digest();
  return async (request, signOpts = {}) => {
    const credentials =
      typeof opts.credentials === 'function'
        ? await opts.credentials()
        : opts.credentials;
    const amzDate = (signOpts.signingDate ?? new Date())
      .toISOString()
      .replace(/[-:]|\.\d{3}/g, '');
    const day = amzDate.slice(0, 8);
    const payloadHash = request.payloadHash ?? sha256Hex(request.body ?? '');
    const headers: Record<string, string> = {
      host:
        request.port === undefined
          ? request.hostname
          : `${request.hostname}:${request.port}`,
      ...request.headers,
      'x-amz-date': amzDate,
    };
    if (credentials.sessionToken) {
      headers['x-amz-security-token'] = credentials.sessionToken;
    }
    if (opts.applyChecksum ?? true) {
      headers['x-amz-content-sha256'] = payloadHash;
    }
    const names = Object.keys(headers)
      .filter((name) => !isUnsigned(name))
      .sort();
    const signedHeaders = names.join(';');
    const canonicalRequest = [
      request.method.toUpperCase(),
      opts.normalizePath === false ? request.path : canonicalPath(request.path),
      canonicalQuery(request.query ?? {}),
      ...names.map((name) => `${name}:${canonicalValue(headers[name])}`),
      '',
      signedHeaders,
      payloadHash,
    ].join('\n');
    const scope = `${day}/${opts.region}/${opts.service}/aws4_request`;
    const stringToSign = [
      'AWS4-HMAC-SHA256',
      amzDate,
      scope,
      sha256Hex(canonicalRequest),
    ].join('\n');
    let key = hmac(`AWS4${credentials.secretAccessKey}`, day);
    for (const part of [opts.region, opts.service, 'aws4_request']) {
      key = hmac(key, part);
    }
    const signature = createHmac('sha256', key)
      .update(stringToSign)
      .digest('hex');
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
  };
}

function isUnsigned(name: string): boolean {
  return UNSIGNED.has(name) || /^(proxy|sec)-/.test(name);
}

function canonicalValue(value: string | undefined): string {
  return (value ?? '').trim().replace(/\s+/g, ' ');
}

/**
 * URI-encodes as SigV4 defines it: RFC 3986 unreserved characters
 * (A-Z a-z 0-9 - . _ ~) stay, every other UTF-8 byte becomes %XX.
 *
 * @example
 * escapeUri('a b=é'); // 'a%20b%3D%C3%A9'
 */
export function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  );
}

function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${trailing}`;
  return escapeUri(normalized).replace(/%2F/g, '/');
}

function canonicalQuery(query: Readonly<Record<string, string>>): string {
  return Object.keys(query)
    .sort()
    .map((key) => `${escapeUri(key)}=${escapeUri(query[key] ?? '')}`)
    .join('&');
}
