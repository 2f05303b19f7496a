import {
  type Destination,
  type LogEvent,
  requireAwsCredentials,
  type SendContext,
  type SendOutcome,
} from '@logdrain/core';
import type { S3Config } from './config.js';
import { type EncodeModules, encodeBatch } from './encode-batch.js';
import { renderKey } from './key-template.js';
import { S3_LIMITS } from './limits.js';
import { createS3Client } from './s3-client.js';
import { outcomeFromS3Error } from './s3-outcome.js';

/**
 * The S3 destination: each batch becomes one object (gzip NDJSON by
 * default) under a key derived from the template, the batch's first
 * record and a hash of its content, written with one signed PutObject
 * (no AWS SDK). It holds no queue, timer or retry loop: core batches,
 * retries, and aborts `ctx.signal` at the deadline. Credentials are the
 * function role's, from the variables Lambda sets; without them, a
 * ConfigError.
 *
 * @example
 * const destination = await createS3Destination(parseS3Config(process.env));
 */
export async function createS3Destination(
  config: S3Config
): Promise<Destination> {
  const credentials = requireAwsCredentials(process.env);
  const [client, crypto, zlib] = await Promise.all([
    createS3Client({ config, credentials }),
    import('node:crypto'),
    import('node:zlib'),
  ]);
  const modules: EncodeModules = {
    createHash: crypto.createHash,
    createGzip: () => zlib.createGzip(),
  };

  async function send(
    batch: readonly LogEvent[],
    ctx: SendContext
  ): Promise<SendOutcome> {
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
    ctx.log.debug('PutObject', {
      key,
      records: batch.length,
      bytes: encoded.body.length,
      attempt: ctx.attempt,
    });
    const target = `s3://${config.bucket}/${key}`;
    try {
      const answer = await client.putObject({ key, ...encoded }, ctx.signal);
      if (answer === undefined) return { status: 'delivered' };
      return outcomeFromS3Error({
        answer,
        error: undefined,
        signal: ctx.signal,
        target,
      });
    } catch (error) {
      return outcomeFromS3Error({
        answer: undefined,
        error,
        signal: ctx.signal,
        target,
      });
    }
  }

  return {
    name: 's3',
    limits: S3_LIMITS,
    async send(batch, ctx) {
      try {
        ctx.signal.throwIfAborted();
        return await send(batch, ctx);
      } catch (error) {
        // Encoding cannot fail on LogEvents; keep the promise anyway.
        return outcomeFromS3Error({
          answer: undefined,
          error,
          signal: ctx.signal,
          target: `s3://${config.bucket}`,
        });
      }
    },
    close: () => client.close(),
  };
}
