import { type Sandbox, startSandbox } from '@logdrain/sandbox';
import type { TargetRun } from '../targets/target.js';

/** The benchmark's function, from the repository root. */
export const HANDLER = 'packages/bench/fixtures/lines-handler.mjs';

/** What every measurement of one subject needs. */
export interface MeasureContext {
  /** Absolute path of the layer zip or folder. */
  readonly layer: string;
  /** Absolute path of the function (logs `lines` tagged lines per invoke). */
  readonly handler: string;
  /** Opens a fresh destination for one run, named `run`. */
  openRun(run: string): Promise<TargetRun>;
  /** One progress line on stderr. */
  progress(line: string): void;
}

/**
 * A sandbox running the layer beside the lines handler, pointed at `run`.
 * Throws when Init did not succeed (the layer could not start).
 */
export async function startBenchSandbox(
  ctx: MeasureContext,
  run: TargetRun
): Promise<Sandbox> {
  const sandbox = await startSandbox({
    layers: [ctx.layer],
    handler: ctx.handler,
    functionName: 'bench',
    env: { ...run.env },
    timeoutMs: 60_000,
  });
  if (sandbox.initReport.status !== 'success') {
    const output = sandbox.extensionOutput.slice(-3).join(' | ');
    await sandbox[Symbol.asyncDispose]();
    throw new Error(
      `Init ${sandbox.initReport.status} (${sandbox.initReport.errorType ?? 'no error type'}): ${output}`
    );
  }
  return sandbox;
}

/** Runs one invoke and throws unless it succeeded. */
export async function invokeOk(sandbox: Sandbox, payload: unknown) {
  const result = await sandbox.invoke(payload);
  if (result.status !== 'success') {
    throw new Error(
      `invoke ${result.status} (${result.errorType ?? 'no error type'})`
    );
  }
  return result;
}

/** The extension process of a one-extension layer (its first start). */
export function extensionProcess(sandbox: Sandbox) {
  const stats = sandbox.extensionStats[0];
  if (!stats) throw new Error('the sandbox started no extension');
  return stats;
}

/** Records dropped, summed over platform.logsDropped delivered to the layer. */
export function logsDropped(sandbox: Sandbox): number {
  let dropped = 0;
  for (const delivery of sandbox.deliveries) {
    if (delivery.status !== 200) continue;
    for (const event of delivery.events as Array<Record<string, unknown>>) {
      if (event.type !== 'platform.logsDropped') continue;
      const record = event.record as { droppedRecords?: unknown };
      dropped += Number(record.droppedRecords ?? 0);
    }
  }
  return dropped;
}

/** How long the count may stay unchanged before nothing more is expected. */
const SETTLED_MS = 2_000;

/**
 * Polls the destination until `expected` tagged lines arrived, the count
 * stayed the same for 2 s, or `timeoutMs` passed (servers index or flush a
 * little after they answer); the count.
 */
export async function awaitDelivered(opts: {
  run: TargetRun;
  sandbox: Sandbox;
  tag: string;
  expected: number;
  timeoutMs: number;
}): Promise<number> {
  const until = Date.now() + opts.timeoutMs;
  let last = -1;
  let changedAtMs = Date.now();
  for (;;) {
    const count = await opts.run.delivered(opts);
    const now = Date.now();
    if (count !== last) changedAtMs = now;
    last = count;
    if (count >= opts.expected || now > until) return count;
    if (now - changedAtMs >= SETTLED_MS) return count;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A short unique run name: letters and digits only. */
export function runName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}
