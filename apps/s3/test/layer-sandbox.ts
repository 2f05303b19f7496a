import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Sandbox, startSandbox } from '@logdrain/sandbox';
import type { StoredObject } from './moto-bucket.js';

/** The layer `pnpm build` made: the tests run exactly what ships. */
export const LAYER_ZIP = fileURLToPath(
  new URL('../dist/layer.zip', import.meta.url)
);
const HANDLER = fileURLToPath(
  new URL('./fixtures/lines-handler.mjs', import.meta.url)
);

export async function assertLayerBuilt(): Promise<void> {
  await stat(LAYER_ZIP).catch(() => {
    throw new Error(
      `${LAYER_ZIP} is missing: run \`pnpm --filter @logdrain/s3... build\` first`
    );
  });
}

/** The built layer in a sandbox, writing to `bucket` at `endpoint`. */
export function startLayer(opts: {
  endpoint: string;
  bucket: string;
  env?: Record<string, string>;
}): Promise<Sandbox> {
  return startSandbox({
    layers: [LAYER_ZIP],
    handler: HANDLER,
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

/** The lines lines-handler.mjs writes for these tags, in order. */
export function expectedMessages(tags: readonly string[], lines: number) {
  return tags.flatMap((tag) =>
    Array.from({ length: lines }, (_, n) => `${tag} line ${n}`)
  );
}

/** How the stored lines compare with the expected ones. */
export function compareLines(
  received: readonly string[],
  expected: readonly string[]
) {
  const seen = new Map<string, number>();
  for (const line of received) seen.set(line, (seen.get(line) ?? 0) + 1);
  const expectedSet = new Set(expected);
  return {
    received: received.length,
    missing: expected.filter((line) => !seen.has(line)).length,
    duplicated: [...seen.values()].filter((count) => count > 1).length,
    unexpected: [...seen.keys()].filter((line) => !expectedSet.has(line))
      .length,
    inOrder:
      received.length === expected.length &&
      received.every((line, n) => line === expected[n]),
  };
}

/** The extension's own log entries (JSON lines on stderr). */
export function extensionLog(sandbox: Sandbox) {
  return sandbox.extensionOutput.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      return typeof entry.msg === 'string'
        ? [entry as { level: string; msg: string } & Record<string, unknown>]
        : [];
    } catch {
      return [];
    }
  });
}

export function tags(prefix: string, count: number): string[] {
  return Array.from(
    { length: count },
    (_, n) => `${prefix}${String(n + 1).padStart(2, '0')}`
  );
}

export function delay(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
