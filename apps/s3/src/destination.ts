import type {
  Destination,
  LogEvent,
  SendContext,
  SendOutcome,
} from '@logdrain/core';
import type { S3Config } from './config.js';
import { type EncodeModules, encodeBatch } from './encode-batch.js';
import { renderKey } from './key-template.js';
import { S3_LIMITS } from './limits.js';
import { outcomeFromS3Error } from './s3-outcome.js';

/** A connection that takes longer is not going to carry a 5 MiB upload. */
const CONNECT_TIMEOUT_MS = 2_000;

/**
 * The S3 destination: each batch becomes one object (gzip NDJSON by
 * default) under a key derived from the template, the batch's first
 * record and a hash of its content, written with one PutObject. It holds
 * no queue, timer or retry loop (the SDK's own retries are off): core
 * batches, retries, and aborts `ctx.signal` at the deadline.
 *
 * @example
 * const destination = await createS3Destination(parseS3Config(process.env));
 */
export async function createS3Destination(
  config: S3Config
): Promise<Destination> {
  // The SDK warns once on stderr that its 2027 releases need Node 22;
  // the layer pins its SDK, so the warning is noise in the function's logs.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const [{ S3Client, PutObjectCommand }, crypto, zlib] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('node:crypto'),
    import('node:zlib'),
  ]);
  const modules: EncodeModules = {
    createHash: crypto.createHash,
    createGzip: () => zlib.createGzip(),
  };
  // Built once: one client, one keep-alive connection pool. Credentials
  // come from the SDK's default chain (the function role's variables).
  const client = new S3Client({
    region: config.region,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS },
    ...(config.endpoint === undefined
      ? {}
      : {
          endpoint: config.endpoint,
          forcePathStyle: true,
          // Several S3-compatible stores refuse the CRC32 checksum headers
          // the SDK adds by default; send them only where S3 requires them.
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
        }),
  });

  async function send(
    batch: readonly LogEvent[],
    ctx: SendContext
  ): Promise<SendOutcome> {
    const { signal } = ctx;
    const first = batch[0];
    if (first === undefined) return { status: 'delivered' };
    const encoded = await encodeBatch({
      batch,
      format: config.format,
      compression: config.compression,
      modules,
    });
    // Core sends a batch that failed again unchanged, so the content hash
    // alone makes a retried upload replace the object it may have written.
    const key = renderKey({
      template: config.keyTemplate,
      partitions: config.partitions,
      parts: {
        functionName: first.context.functionName,
        functionVersion: first.context.functionVersion,
        region: first.context.region,
        accountId: first.context.accountId,
        instanceId: first.context.instanceId,
        timeMs: first.timeMs,
        hash: encoded.hash,
        ext: encoded.ext,
      },
    });
    const command = new PutObjectCommand({
      Bucket: config.bucket,
      Key: key,
      Body: encoded.body,
      ContentType: encoded.contentType,
      ContentEncoding: encoded.contentEncoding,
      StorageClass: config.storageClass,
      ...(config.kmsKeyId === undefined
        ? {}
        : { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: config.kmsKeyId }),
    });
    // S3 sends no Retry-After, but a proxy or an S3-compatible store may:
    // the raw answer's header is read below the SDK's error parsing.
    let retryAfter: string | undefined;
    command.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const { headers } = result.response as {
          headers?: Record<string, string>;
        };
        retryAfter = headers?.['retry-after'];
        return result;
      },
      { step: 'deserialize', priority: 'low' }
    );
    ctx.log.debug('PutObject', {
      key,
      records: batch.length,
      bytes: encoded.body.length,
      attempt: ctx.attempt,
    });
    try {
      await client.send(command, { abortSignal: signal });
      return { status: 'delivered' };
    } catch (error) {
      return outcomeFromS3Error({
        error,
        retryAfter,
        signal,
        target: `s3://${config.bucket}/${key}`,
      });
    }
  }

  return {
    name: 's3',
    limits: S3_LIMITS,
    async send(batch, ctx) {
      if (ctx.signal.aborted) {
        return outcomeFromS3Error({
          error: ctx.signal.reason,
          retryAfter: undefined,
          signal: ctx.signal,
          target: `s3://${config.bucket}`,
        });
      }
      try {
        return await send(batch, ctx);
      } catch (error) {
        // Encoding cannot fail on LogEvents; keep the promise anyway.
        return outcomeFromS3Error({
          error,
          retryAfter: undefined,
          signal: ctx.signal,
          target: `s3://${config.bucket}`,
        });
      }
    },
    async close() {
      client.destroy();
    },
  };
}
