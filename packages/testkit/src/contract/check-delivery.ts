import {
  AWKWARD_TEXTS,
  batchJsonBytes,
  byteLimitBatch,
  eventOfBytes,
  itemLimitBatch,
  maxRecordBytes,
  nestedRecord,
} from './batches.js';
import type { ContractRun } from './contract-run.js';
import type {
  ContractDestination,
  ContractEvent,
} from './destination-shape.js';
import { contractEvent } from './events.js';
import { openRig } from './rig.js';
import { sendChecked } from './send-checked.js';
import { expectStoredOnce } from './stored.js';
import { type ContractCheck, VerdictBuilder } from './verdict.js';

/** Sends one batch through a passing proxy; every event must be stored once. */
async function deliverCheck(
  check: ContractCheck,
  run: ContractRun,
  build: (
    tag: string,
    limits: ContractDestination['limits']
  ) => { batch: ContractEvent[]; note?: string }
) {
  const verdict = new VerdictBuilder(check);
  const tag = run.nextTag(check.id);
  const rig = await openRig(run, verdict);
  const { batch, note } = build(tag, rig.destination.limits);
  if (note) verdict.note(note);
  try {
    const { outcome } = await sendChecked({
      rig,
      batch,
      verdict,
      requestsPerSend: run.subject.requestsPerSend ?? 1,
    });
    if (outcome && outcome.status !== 'delivered') {
      verdict.fail(
        'did not deliver',
        `a batch of ${batch.length} records (${batchJsonBytes(batch)} bytes of JSON) within the destination's limits came back ${outcome.status}: ${outcome.reason}`
      );
    }
  } finally {
    await rig.close();
  }
  if (!verdict.failed)
    await expectStoredOnce({ run, verdict, tag, sent: batch });
  return verdict.done();
}

export const itemLimitCheck: ContractCheck = {
  id: 'batch-at-item-limit',
  title: 'delivers a batch at maxBatchItems, every record read back once',
  timeoutMs: 60_000,
  run(run) {
    return deliverCheck(itemLimitCheck, run, (tag, limits) => {
      const batch = itemLimitBatch(tag, limits);
      return batch.length < limits.maxBatchItems
        ? {
            batch,
            note: `${limits.maxBatchItems} records do not fit in ${limits.maxBatchBytes} bytes: sent ${batch.length}`,
          }
        : { batch };
    });
  },
};

export const byteLimitCheck: ContractCheck = {
  id: 'batch-at-byte-limit',
  title: 'delivers a batch at maxBatchBytes, every record read back once',
  timeoutMs: 60_000,
  run(run) {
    return deliverCheck(byteLimitCheck, run, (tag, limits) => ({
      batch: byteLimitBatch({
        tag,
        limits,
        maxRecordBytes: maxRecordBytes(limits, run.subject.maxRecordBytes),
      }),
    }));
  },
};

export const maxRecordCheck: ContractCheck = {
  id: 'record-at-max-size',
  title: 'delivers one record of the largest size',
  timeoutMs: 60_000,
  run(run) {
    return deliverCheck(maxRecordCheck, run, (tag, limits) => ({
      batch: [
        eventOfBytes({
          tag,
          n: 0,
          bytes: maxRecordBytes(limits, run.subject.maxRecordBytes),
          fill: 'record at the maximum size ',
        }),
      ],
    }));
  },
};

export const awkwardTextCheck: ContractCheck = {
  id: 'utf8-and-binary-text',
  title: 'delivers UTF-8 and binary-looking text unchanged',
  timeoutMs: 60_000,
  run(run) {
    return deliverCheck(awkwardTextCheck, run, (tag) => ({
      batch: AWKWARD_TEXTS.map((text, n) => contractEvent({ tag, n, text })),
    }));
  },
};

export const nestedJsonCheck: ContractCheck = {
  id: 'nested-json-records',
  title: 'delivers JSON log records with nested keys unchanged',
  timeoutMs: 60_000,
  run(run) {
    return deliverCheck(nestedJsonCheck, run, (tag) => ({
      batch: Array.from({ length: 5 }, (_, n) => {
        const record = nestedRecord(tag, n);
        return contractEvent({ tag, n, text: 'structured', record });
      }),
    }));
  },
};
