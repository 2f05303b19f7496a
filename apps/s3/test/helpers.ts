import { type Sandbox, startSandbox } from '@logdrain/sandbox';
import { startLayerInSandbox } from '@logdrain/testkit';
import type { StoredObject } from './moto-bucket.js';

/** This app's folder, where its built layer is. */
export const APP = new URL('..', import.meta.url);

/** The built layer in a sandbox, writing to `bucket` at `endpoint`. */
export function startLayer(opts: {
  endpoint: string;
  bucket: string;
  env?: Record<string, string>;
}): Promise<Sandbox> {
  return startLayerInSandbox({
    start: startSandbox,
    app: APP,
    functionName: 's3-e2e',
    region: 'us-east-1',
    env: {
      LOGDRAIN_S3_BUCKET: opts.bucket,
      LOGDRAIN_S3_ENDPOINT: opts.endpoint,
      ...opts.env,
    },
  });
}

/**
 * The messages of the function lines, object after object in key order.
 * Keys sort by their first record's time, to the millisecond; objects
 * whose first records share one sort by their last record's time (as a
 * query ordering by `timeMs` would read them), not by their hash.
 */
export function functionMessages(objects: readonly StoredObject[]): string[] {
  const timeOf = (record: Record<string, unknown> | undefined) =>
    Number(record?.timeMs);
  const ordered = [...objects].sort(
    (a, b) =>
      timeOf(a.records[0]) - timeOf(b.records[0]) ||
      timeOf(a.records.at(-1)) - timeOf(b.records.at(-1)) ||
      (a.key < b.key ? -1 : 1)
  );
  return ordered
    .flatMap((object) => object.records)
    .filter((record) => record.type === 'function')
    .map((record) => String(record.message));
}

export function tags(prefix: string, count: number): string[] {
  return Array.from(
    { length: count },
    (_, n) => `${prefix}${String(n + 1).padStart(2, '0')}`
  );
}
