import type { LogEvent } from '@logdrain/core';
import { contractEvent } from '@logdrain/testkit';
import { describe, expect, it } from 'vitest';
import { outcomeFromBulk } from '../src/bulk-result.js';

const events = Array.from(
  { length: 4 },
  (_, n) => contractEvent({ tag: 'bulk', n }) as LogEvent
);

const ok = { create: { status: 201 } };
const exists = {
  create: {
    status: 409,
    error: { type: 'version_conflict_engine_exception', reason: 'exists' },
  },
};
const busy = {
  create: {
    status: 429,
    error: { type: 'es_rejected_execution_exception', reason: 'queue full' },
  },
};
const refused = {
  create: {
    status: 400,
    error: {
      type: 'mapper_parsing_exception',
      reason:
        "failed to parse field [n] of type [long]. Preview of field's value: 'secret payload'",
    },
  },
};

describe('outcomeFromBulk', () => {
  it('delivers when no item failed', () => {
    expect(
      outcomeFromBulk({
        json: { errors: false, items: [ok, ok, ok, ok] },
        events,
      })
    ).toEqual({ status: 'delivered' });
  });

  it('counts a 409 (the document exists) as delivered', () => {
    expect(
      outcomeFromBulk({
        json: { errors: true, items: [ok, exists, exists, ok] },
        events,
      })
    ).toEqual({ status: 'delivered' });
  });

  it('rejects only the refused items, with the first reason and no payload', () => {
    const outcome = outcomeFromBulk({
      json: { errors: true, items: [ok, refused, ok, refused] },
      events,
    });

    expect(outcome).toEqual({
      status: 'rejected',
      reason:
        '2 of 4 documents refused (first: HTTP 400 mapper_parsing_exception: failed to parse field [n] of type [long].)',
      remaining: [events[1], events[3]],
    });
  });

  it('retries the 429 and 5xx items alone, carrying refused ones to be counted', () => {
    const failed = {
      create: { status: 503, error: { type: 'unavailable_shards_exception' } },
    };

    const outcome = outcomeFromBulk({
      json: { errors: true, items: [busy, ok, failed, refused] },
      events,
    });

    expect(outcome.status).toBe('retry');
    expect(outcome.status === 'retry' && outcome.remaining).toEqual([
      events[0],
      events[2],
      events[3],
    ]);
  });

  it('retries the whole bulk when the answer lacks one item per document', () => {
    expect(
      outcomeFromBulk({ json: { errors: false, items: [ok] }, events }).status
    ).toBe('retry');
    expect(outcomeFromBulk({ json: undefined, events }).status).toBe('retry');
  });
});
