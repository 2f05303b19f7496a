import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Sandbox, startSandbox } from '@logdrain/sandbox';
import {
  flattenLogs,
  readCompleteLogs,
  type StoredLog,
} from './collector-records.js';

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
      `${LAYER_ZIP} is missing: run \`pnpm --filter @logdrain/otlp... build\` first`
    );
  });
}

/** The built layer in a sandbox, exporting to `endpoint` (an OTLP base URL). */
export function startLayer(opts: {
  endpoint: string;
  env?: Record<string, string>;
}): Promise<Sandbox> {
  return startSandbox({
    layers: [LAYER_ZIP],
    handler: HANDLER,
    functionName: 'otlp-e2e',
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: opts.endpoint, ...opts.env },
  });
}

/** Every log record the Collector wrote to its file. */
export async function storedLogs(logsFile: string): Promise<StoredLog[]> {
  return flattenLogs(await readCompleteLogs(logsFile));
}

/** The function's own lines (no platform events). */
export function functionLogs(logs: readonly StoredLog[]): StoredLog[] {
  return logs.filter((log) => log.eventName === undefined);
}

/** The lines lines-handler.mjs writes for these tags. */
export function expectedMessages(tags: readonly string[], lines: number) {
  return tags.flatMap((tag) =>
    Array.from({ length: lines }, (_, n) => `${tag} line ${n}`)
  );
}

/** How the received lines compare with the expected ones. */
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

export function delay(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls the Collector's output until `done` holds or 10 s passed. */
export async function waitForStored(
  logsFile: string,
  done: (logs: readonly StoredLog[]) => boolean
): Promise<StoredLog[]> {
  const until = Date.now() + 10_000;
  for (;;) {
    const logs = await storedLogs(logsFile);
    if (done(logs) || Date.now() > until) return logs;
    await delay(100);
  }
}
