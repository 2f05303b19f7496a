import type { Sandbox } from '@logdrain/sandbox';

/** Where one sandbox run's layer delivers, and what arrived there. */
export interface TargetRun {
  /** Variables that point the layer at the destination for this run. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Distinct function lines starting with `tag` (then a space) that arrived:
   * a line delivered twice (a retried batch) counts once.
   */
  delivered(opts: { tag: string; sandbox: Sandbox }): Promise<number>;
  /**
   * CPU time so far (ms) of the thread that receives what the layer sends,
   * for a receiver inside the bench process; absent when it runs elsewhere.
   */
  receiverCpuMs?(): Promise<number | undefined>;
  close(): Promise<void>;
}

/** A destination server for one layer, started once per layer. */
export interface Target {
  /** A fresh place to deliver to (receiver, prefix, log group, index). */
  openRun(run: string): Promise<TargetRun>;
  close(): Promise<void>;
}

/** The distinct messages of the records tagged `tag`. */
export function countTagged(
  records: Iterable<{ type?: unknown; message?: unknown }>,
  tag: string
): number {
  const seen = new Set<string>();
  for (const record of records) {
    if (isTaggedLine(record, tag)) seen.add(record.message as string);
  }
  return seen.size;
}

/** True for a delivered function record of the run tagged `tag`. */
export function isTaggedLine(
  record: { type?: unknown; message?: unknown },
  tag: string
): boolean {
  return (
    record.type === 'function' &&
    typeof record.message === 'string' &&
    record.message.startsWith(`${tag} `)
  );
}
