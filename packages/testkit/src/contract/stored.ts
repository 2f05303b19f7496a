import { isDeepStrictEqual } from 'node:util';
import type { ContractRun } from './contract-run.js';
import type { ContractEvent } from './destination-shape.js';
import type { ContractStoredRecord } from './subject.js';
import type { VerdictBuilder } from './verdict.js';

/** How long the suite waits for a server to show what it was sent. */
const READ_BACK_MS = 3_000;

/** Counts of each sent event among the server's records. */
export interface ReadBack {
  readonly missing: readonly ContractEvent[];
  readonly duplicated: ReadonlyArray<{ event: ContractEvent; copies: number }>;
  /** Stored records carrying the tag that match no sent message. */
  readonly unknown: readonly ContractStoredRecord[];
  /** Sent events whose stored record differs from the sent one. */
  readonly changed: readonly ContractEvent[];
}

/**
 * Reads the server's records carrying `tag` (waiting briefly for servers
 * that index asynchronously) and matches them to the sent events.
 *
 * @example
 * const readBack = await readBackTagged({ run, tag, sent: batch });
 */
export async function readBackTagged(opts: {
  readonly run: ContractRun;
  readonly tag: string;
  readonly sent: readonly ContractEvent[];
}): Promise<ReadBack> {
  const prefix = `${opts.tag} #`;
  const until = Date.now() + READ_BACK_MS;
  let stored: ContractStoredRecord[] = [];
  for (;;) {
    stored = (await opts.run.server.readRecords()).filter((r) =>
      r.message.startsWith(prefix)
    );
    if (stored.length >= opts.sent.length || Date.now() >= until) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const byMessage = new Map<string, ContractStoredRecord[]>();
  for (const record of stored) {
    const list = byMessage.get(record.message) ?? [];
    list.push(record);
    byMessage.set(record.message, list);
  }
  const sentMessages = new Set(opts.sent.map((event) => event.message));
  const copies = (event: ContractEvent) =>
    byMessage.get(event.message)?.length ?? 0;
  return {
    missing: opts.sent.filter((event) => copies(event) === 0),
    duplicated: opts.sent
      .filter((event) => copies(event) > 1)
      .map((event) => ({ event, copies: copies(event) })),
    unknown: stored.filter((record) => !sentMessages.has(record.message)),
    changed: opts.sent.filter((event) =>
      (byMessage.get(event.message) ?? []).some(
        (record) =>
          record.record !== undefined &&
          !isDeepStrictEqual(record.record, event.record)
      )
    ),
  };
}

/** Shortens a message for a failure line. */
export function preview(text: string): string {
  const shown = JSON.stringify(
    text.length > 80 ? `${text.slice(0, 80)}…` : text
  );
  return text.length > 80 ? `${shown} (${text.length} characters)` : shown;
}

/**
 * Fails the verdict unless every sent event was stored exactly once,
 * unchanged (or at least once, when `allowDuplicates` says why not).
 *
 * @example
 * await expectStoredOnce({ run, verdict, tag, sent: batch });
 */
export async function expectStoredOnce(opts: {
  readonly run: ContractRun;
  readonly verdict: VerdictBuilder;
  readonly tag: string;
  readonly sent: readonly ContractEvent[];
  /** When set, duplicates are noted with this text instead of failing. */
  readonly allowDuplicates?: string;
}): Promise<ReadBack> {
  const { verdict, sent } = opts;
  const readBack = await readBackTagged(opts);
  const first = readBack.missing[0];
  if (first) {
    verdict.fail(
      'lost records',
      `${readBack.missing.length} of ${sent.length} records sent were not read back from the server (first: ${preview(first.message)})`
    );
  }
  const dup = readBack.duplicated[0];
  if (dup) {
    const detail = `${readBack.duplicated.length} of ${sent.length} records were stored more than once (first: ${preview(dup.event.message)} ×${dup.copies})`;
    if (opts.allowDuplicates === undefined) {
      verdict.fail('duplicated records', detail);
    } else {
      verdict.note(`${detail}: ${opts.allowDuplicates}`);
    }
  }
  const odd = readBack.unknown[0];
  if (odd) {
    verdict.fail(
      'changed records',
      `the server holds ${readBack.unknown.length} records whose message matches none sent (first: ${preview(odd.message)}): text must arrive byte for byte`
    );
  }
  const changed = readBack.changed[0];
  if (changed) {
    verdict.fail(
      'changed records',
      `${readBack.changed.length} records were stored with a different record than sent (first: ${preview(changed.message)})`
    );
  }
  return readBack;
}
