import { gunzipSync } from 'node:zlib';
import {
  type ContractServer,
  type ContractStoredRecord,
  type HttpAnswer,
  httpCall,
  type MotoPeer,
  motoAuthorization,
  startMoto,
} from '@logdrain/testkit';

/** Fake credentials: moto checks none by default, the layer needs some. */
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
  /** Every key, sorted. */
  keys(): Promise<string[]>;
  /** The headers of one object (HeadObject). */
  head(key: string): Promise<HttpAnswer['headers']>;
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

/** `&amp;` and the other four named entities of XML text. */
function xmlText(text: string): string {
  const named: Record<string, string> = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
  };
  return text.replace(/&(\w+);/g, (all, name: string) => named[name] ?? all);
}

/**
 * Starts moto (installing it on first use) and creates `bucket` in it.
 * Reads back with plain path-style HTTP calls of the test's own (moto
 * routes them by the credential scope and checks no signature), not with
 * the layer's client.
 */
export async function startMotoBucket(
  opts: { bucket?: string } = {}
): Promise<MotoBucket> {
  const bucket = opts.bucket ?? 'logdrain-test';
  const moto = await startMoto();
  const authorization = motoAuthorization({ service: 's3', region: REGION });

  async function call(method: string, path: string): Promise<HttpAnswer> {
    const answer = await httpCall(`${moto.url}/${bucket}${path}`, {
      method,
      headers: { authorization },
    });
    if (answer.status !== 200 && answer.status !== 204) {
      throw new Error(`${method} ${path}: ${answer.status} ${answer.text()}`);
    }
    return answer;
  }
  const keyPath = (key: string) =>
    `/${key.split('/').map(encodeURIComponent).join('/')}`;
  await call('PUT', '');

  async function keys(): Promise<string[]> {
    const found: string[] = [];
    let token: string | undefined;
    do {
      const query = `?list-type=2${token === undefined ? '' : `&continuation-token=${encodeURIComponent(token)}`}`;
      const page = (await call('GET', query)).text();
      for (const [, key = ''] of page.matchAll(/<Key>([^<]*)<\/Key>/g)) {
        found.push(xmlText(key));
      }
      const next = /<NextContinuationToken>([^<]*)</.exec(page)?.[1];
      token = next === undefined ? undefined : xmlText(next);
    } while (token !== undefined);
    return found.sort();
  }

  async function objects(): Promise<StoredObject[]> {
    const result: StoredObject[] = [];
    for (const key of await keys()) {
      const { headers, body } = await call('GET', keyPath(key));
      const header = (name: string) => headers[name]?.toString();
      result.push({
        key,
        contentType: header('content-type'),
        contentEncoding: header('content-encoding'),
        storageClass: header('x-amz-storage-class'),
        records: decodeObject(key, body),
      });
    }
    return result;
  }

  async function reset() {
    for (const key of await keys()) await call('DELETE', keyPath(key));
  }

  const stop = () => moto.stop();
  return {
    moto,
    bucket,
    endpoint: moto.url,
    keys,
    head: async (key) => (await call('HEAD', keyPath(key))).headers,
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
      await call('DELETE', '');
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
