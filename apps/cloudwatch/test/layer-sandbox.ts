import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  type CloudWatchLogsClient,
  DescribeLogStreamsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { type Sandbox, startSandbox } from '@logdrain/sandbox';
import { REGION, readStream } from './helpers.js';

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
      `${LAYER_ZIP} is missing: run \`pnpm --filter @logdrain/cloudwatch... build\` first`
    );
  });
}

/** The built layer in a sandbox, aimed at moto for Logs and STS. */
export function startLayer(opts: {
  motoUrl: string;
  env?: Record<string, string>;
}): Promise<Sandbox> {
  return startSandbox({
    layers: [LAYER_ZIP],
    handler: HANDLER,
    functionName: 'cloudwatch-e2e',
    region: REGION,
    env: {
      LOGDRAIN_CLOUDWATCH_ENDPOINT: opts.motoUrl,
      LOGDRAIN_CLOUDWATCH_STS_ENDPOINT: opts.motoUrl,
      ...opts.env,
    },
  });
}

/** Every stream of a group with its events, oldest first. */
export async function readGroup(
  client: CloudWatchLogsClient,
  logGroupName: string
) {
  const described = await client.send(
    new DescribeLogStreamsCommand({ logGroupName })
  );
  const names = (described.logStreams ?? []).map((s) => s.logStreamName ?? '');
  return Promise.all(
    names.map(async (name) => ({
      name,
      events: await readStream(client, logGroupName, name),
    }))
  );
}

/** The messages of the `function` records among JSON events, in order. */
export function functionLines(
  events: ReadonlyArray<{ message: string }>
): string[] {
  return events
    .map((e) => JSON.parse(e.message) as { type: string; message: string })
    .filter((record) => record.type === 'function')
    .map((record) => record.message);
}

/** The lines lines-handler.mjs writes for these tags, in order. */
export function expectedLines(tags: readonly string[], lines: number) {
  return tags.flatMap((tag) =>
    Array.from({ length: lines }, (_, n) => `${tag} line ${n}`)
  );
}

export function delay(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
