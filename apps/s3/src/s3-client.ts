import {
  type AwsCredentials,
  createHttpPool,
  createSigV4Signer,
  type RequestSigner,
  xmlText,
} from '@logdrain/core';
import type { S3Config } from './config.js';
import { objectPath, resolveS3Address, type S3Address } from './s3-address.js';
import type { S3Answer } from './s3-outcome.js';

/** A connection that takes longer is not going to carry a 5 MiB upload. */
const CONNECT_TIMEOUT_MS = 2_000;
/** A backstop only: core aborts a request at its flush deadline first. */
const ANSWER_TIMEOUT_MS = 30_000;
/** An error document is well under 1 KB; a PutObject success has no body. */
const MAX_ANSWER_BYTES = 8 * 1024;

/** One object to write. */
export interface PutObjectInput {
  readonly key: string;
  readonly body: Buffer;
  /** SHA-256 of `body`, lowercase hex (`x-amz-content-sha256`). */
  readonly bodySha256: string;
  readonly contentType: string;
  readonly contentEncoding: string | undefined;
}

/** PutObject over one keep-alive pool. */
export interface S3Client {
  /** Undefined when S3 stored the object; rejects when no answer came. */
  putObject(
    input: PutObjectInput,
    signal: AbortSignal
  ): Promise<S3Answer | undefined>;
  close(): Promise<void>;
}

/**
 * The headers of one signed PutObject: the object's type and encoding,
 * the storage class and SSE-KMS asked for, `content-length` and the body's
 * SHA-256, signed for `s3` with the path as sent (S3 is not
 * double-encoded). No checksum headers: S3 checks the signed SHA-256.
 *
 * @example
 * const { path, headers } = await signPutObject({ sign, address, config, input, date: new Date() });
 */
export async function signPutObject(opts: {
  readonly sign: RequestSigner;
  readonly address: S3Address;
  readonly config: Pick<S3Config, 'storageClass' | 'kmsKeyId'>;
  readonly input: PutObjectInput;
  readonly date: Date;
}): Promise<{ path: string; headers: Record<string, string> }> {
  const { address, config, input } = opts;
  const url = new URL(address.origin);
  const path = objectPath(address, input.key);
  const headers: Record<string, string> = {
    'content-type': input.contentType,
    'content-length': String(input.body.length),
  };
  if (input.contentEncoding !== undefined) {
    headers['content-encoding'] = input.contentEncoding;
  }
  if (config.storageClass !== undefined) {
    headers['x-amz-storage-class'] = config.storageClass;
  }
  if (config.kmsKeyId !== undefined) {
    headers['x-amz-server-side-encryption'] = 'aws:kms';
    headers['x-amz-server-side-encryption-aws-kms-key-id'] = config.kmsKeyId;
  }
  const signed = await opts.sign(
    {
      method: 'PUT',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path,
      headers,
      payloadHash: input.bodySha256,
    },
    { signingDate: opts.date }
  );
  return { path, headers: signed };
}

/**
 * Creates the client: node:crypto and node:http(s) load here. A
 * RequestTimeTooSkewed answer sets the signing clock to the answer's Date
 * (a frozen or drifting clock), so core's retry is signed in S3's time.
 *
 * @example
 * const s3 = await createS3Client({ config, credentials: readAwsCredentials(process.env) });
 */
export async function createS3Client(opts: {
  readonly config: S3Config;
  readonly credentials: AwsCredentials;
}): Promise<S3Client> {
  const { config } = opts;
  const address = resolveS3Address(config);
  const [sign, pool] = await Promise.all([
    createSigV4Signer({
      service: 's3',
      region: address.signingRegion,
      credentials: opts.credentials,
      normalizePath: false,
    }),
    createHttpPool({
      origin: address.origin,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      timeoutMs: ANSWER_TIMEOUT_MS,
      maxBodyBytes: MAX_ANSWER_BYTES,
    }),
  ]);
  let clockSkewMs = 0;
  return {
    async putObject(input, signal) {
      const date = new Date(Date.now() + clockSkewMs);
      const { path, headers } = await signPutObject({
        sign,
        address,
        config,
        input,
        date,
      });
      const res = await pool.request({
        method: 'PUT',
        path,
        headers,
        body: input.body,
        signal,
      });
      if (res.statusCode >= 200 && res.statusCode < 300) return undefined;
      // S3's error document: <Error><Code>…</Code><Message>…</Message>.
      const code = xmlText(res.body, 'Code') || undefined;
      const message = xmlText(res.body, 'Message') || undefined;
      const serverMs = Date.parse(res.headers.date ?? '');
      if (code === 'RequestTimeTooSkewed' && Number.isFinite(serverMs)) {
        clockSkewMs = serverMs - Date.now();
      }
      const retryAfter = res.headers['retry-after'];
      return { status: res.statusCode, code, message, retryAfter };
    },
    close: () => pool.close(),
  };
}
