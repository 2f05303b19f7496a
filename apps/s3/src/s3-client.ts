import { type AwsCredentials, createAwsClient, xmlText } from '@logdrain/core';
import type { S3Config } from './config.js';
import { objectPath, resolveS3Address, type S3Address } from './s3-address.js';
import type { S3Answer } from './s3-outcome.js';

/** A connection that takes longer is not going to carry a 5 MiB upload. */
const CONNECT_TIMEOUT_MS = 2_000;
/** A backstop only: core aborts a request at its flush deadline first. */
const ANSWER_TIMEOUT_MS = 30_000;
/** An error document is well under 1 KB; a PutObject success has no body. */
const MAX_ANSWER_BYTES = 8 * 1024;

/**
 * How S3 requests are signed: signing name `s3`, the path as sent (S3 is
 * not double-encoded) and `x-amz-content-sha256`, which S3 requires.
 */
export const S3_SIGNING = {
  service: 's3',
  normalizePath: false,
  applyChecksum: true,
} as const;

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
 * The path and headers of one PutObject, before signing: the object's
 * type and encoding, the storage class and SSE-KMS asked for,
 * `content-length`, and the body's SHA-256 as a checksum S3 checks and
 * stores (`x-amz-checksum-sha256`, base64, with
 * `x-amz-sdk-checksum-algorithm: SHA256`). A bucket with Object Lock
 * default retention refuses a PutObject without Content-MD5 or a
 * checksum header (400 InvalidRequest).
 *
 * @example
 * const { path, headers } = putObjectRequest(address, config, input);
 */
export function putObjectRequest(
  address: S3Address,
  config: Pick<S3Config, 'storageClass' | 'kmsKeyId'>,
  input: PutObjectInput
): { path: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {
    'content-type': input.contentType,
    'content-length': String(input.body.length),
    'x-amz-checksum-sha256': Buffer.from(input.bodySha256, 'hex').toString(
      'base64'
    ),
    'x-amz-sdk-checksum-algorithm': 'SHA256',
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
  return { path: objectPath(address, input.key), headers };
}

/**
 * Creates the client on core's AWS client (node:crypto and node:http(s)
 * load here), which also signs a request once more in S3's time when
 * the answer's Date shows this clock is off.
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
  const client = await createAwsClient({
    ...S3_SIGNING,
    endpoint: address.origin,
    region: address.signingRegion,
    credentials: opts.credentials,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    timeoutMs: ANSWER_TIMEOUT_MS,
    maxAnswerBytes: MAX_ANSWER_BYTES,
  });
  return {
    async putObject(input, signal) {
      const answer = await client.send({
        method: 'PUT',
        ...putObjectRequest(address, config, input),
        body: input.body,
        payloadHash: input.bodySha256,
        signal,
      });
      if (answer.status >= 200 && answer.status < 300) return undefined;
      // S3's error document: <Error><Code>…</Code><Message>…</Message>.
      return {
        status: answer.status,
        code: xmlText(answer.text, 'Code') || undefined,
        message: xmlText(answer.text, 'Message') || undefined,
        retryAfter: answer.headers['retry-after'],
      };
    },
    close: () => client.close(),
  };
}
