import { gunzipSync } from 'node:zlib';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  type ContractServer,
  type ContractStoredRecord,
  type MotoPeer,
  startMoto,
} from '@logdrain/testkit';

/** Fake credentials: moto checks none, the SDK's default chain needs some. */
export const FAKE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_SESSION_TOKEN: 'test',
} as const;

export const REGION = 'us-east-1';

/** One object as stored, decoded. */
export interface StoredObject {
  readonly key: string;
  readonly contentType: string | undefined;
  readonly contentEncoding: string | undefined;
  readonly storageClass: string | undefined;
  readonly records: readonly Record<string, unknown>[];
}

/** A moto server with one bucket, and a reader of what the layer wrote. */
export interface MotoBucket extends ContractServer {
  readonly moto: MotoPeer;
  readonly bucket: string;
  readonly client: S3Client;
  /** Every object, in key order, gunzipped and parsed. */
  objects(): Promise<StoredObject[]>;
  deleteBucket(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Parses an object's body: NDJSON or one JSON array, gzip by its key. */
export function decodeObject(key: string, raw: Buffer) {
  const text = (key.endsWith('.gz') ? gunzipSync(raw) : raw).toString();
  if (/\.json(\.gz)?$/.test(key)) {
    return JSON.parse(text) as Record<string, unknown>[];
  }
  if (!text.endsWith('\n')) throw new Error(`${key} does not end in \\n`);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * Starts moto (installing it on first use) and creates `bucket` in it. The
 * S3 client that reads back is the test's own, not the layer's.
 */
export async function startMotoBucket(
  opts: { bucket?: string } = {}
): Promise<MotoBucket> {
  const bucket = opts.bucket ?? 'logdrain-test';
  // The SDK warns once that its 2027 releases need Node 22: noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const moto = await startMoto();
  const client = new S3Client({
    region: REGION,
    endpoint: moto.url,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const createBucket = () =>
    client.send(new CreateBucketCommand({ Bucket: bucket }));
  await createBucket();

  async function keys(): Promise<string[]> {
    const found: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token })
      );
      for (const item of page.Contents ?? []) {
        if (item.Key !== undefined) found.push(item.Key);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return found.sort();
  }

  async function objects(): Promise<StoredObject[]> {
    const result: StoredObject[] = [];
    for (const key of await keys()) {
      const answer = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: key })
      );
      const raw = Buffer.from(
        (await answer.Body?.transformToByteArray()) ?? []
      );
      result.push({
        key,
        contentType: answer.ContentType,
        contentEncoding: answer.ContentEncoding,
        storageClass: answer.StorageClass,
        records: decodeObject(key, raw),
      });
    }
    return result;
  }

  async function reset() {
    const all = await keys();
    for (let n = 0; n < all.length; n += 1_000) {
      await client.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: all.slice(n, n + 1_000).map((Key) => ({ Key })) },
        })
      );
    }
  }

  const stop = async () => {
    client.destroy();
    await moto.stop();
  };
  return {
    moto,
    bucket,
    client,
    endpoint: moto.url,
    objects,
    async readRecords(): Promise<ContractStoredRecord[]> {
      return (await objects()).flatMap((object) =>
        object.records.map((r) => ({
          message: String(r.message),
          record: r.record,
        }))
      );
    },
    reset,
    async deleteBucket() {
      await reset();
      await client.send(new DeleteBucketCommand({ Bucket: bucket }));
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
