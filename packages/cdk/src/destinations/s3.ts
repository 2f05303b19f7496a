import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import {
  type DestinationSetup,
  definedVariables,
} from '../destination-setup.js';

/** The `logdrain-s3` layer: one object per batch. */
export interface S3Destination {
  readonly kind: 's3';
  /** LOGDRAIN_S3_BUCKET. */
  readonly bucket: IBucket;
  /**
   * LOGDRAIN_S3_PREFIX: a key prefix (`archive/`) or a whole key template
   * with `{hash}`; the layer's default layout starts with `logs/`.
   */
  readonly prefix?: string;
  /** LOGDRAIN_S3_PARTITIONS: `plain` or `hive` (`year=2026/…`). */
  readonly partitions?: 'plain' | 'hive';
  readonly format?: 'ndjson' | 'json';
  readonly compression?: 'gzip' | 'none';
  /** LOGDRAIN_S3_STORAGE_CLASS, e.g. `STANDARD_IA`. */
  readonly storageClass?: string;
  /**
   * LOGDRAIN_S3_KMS_KEY_ID: SSE-KMS with this key. Without it, a bucket
   * encrypted with its own KMS key still gets kms:GenerateDataKey on that key.
   */
  readonly kmsKey?: IKey;
  /** LOGDRAIN_S3_REGION, when the bucket is not in the function's region. */
  readonly region?: string;
}

/** The part of the key template before its first placeholder. */
export function staticKeyPrefix(prefix: string | undefined): string {
  if (prefix === undefined) return 'logs/';
  if (!prefix.includes('{'))
    return prefix.endsWith('/') ? prefix : `${prefix}/`;
  return prefix.slice(0, prefix.indexOf('{'));
}

/**
 * Variables and permissions for the S3 layer: s3:PutObject on the keys
 * under the prefix only, and kms:GenerateDataKey when a KMS key encrypts.
 *
 * @example
 * setupS3({ kind: 's3', bucket, prefix: 'archive/' });
 */
export function setupS3(options: S3Destination): DestinationSetup {
  const statements = [
    new PolicyStatement({
      actions: ['s3:PutObject'],
      resources: [
        options.bucket.arnForObjects(`${staticKeyPrefix(options.prefix)}*`),
      ],
    }),
  ];
  const key = options.kmsKey ?? options.bucket.encryptionKey;
  if (key !== undefined) {
    statements.push(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey'],
        resources: [key.keyArn],
      })
    );
  }
  return {
    layerName: 'logdrain-s3',
    environment: definedVariables({
      LOGDRAIN_S3_BUCKET: options.bucket.bucketName,
      LOGDRAIN_S3_PREFIX: options.prefix,
      LOGDRAIN_S3_PARTITIONS: options.partitions,
      LOGDRAIN_S3_FORMAT: options.format,
      LOGDRAIN_S3_COMPRESSION: options.compression,
      LOGDRAIN_S3_STORAGE_CLASS: options.storageClass,
      LOGDRAIN_S3_KMS_KEY_ID: options.kmsKey?.keyArn,
      LOGDRAIN_S3_REGION: options.region,
    }),
    statements,
  };
}
