import { describe, expect, it } from 'vitest';
import { describeRefusals, rejectedIndices } from '../src/rejected-events.js';

const NOW_MS = Date.UTC(2026, 10, 27, 12, 0, 0);
const DAY_MS = 86_400_000;

describe('rejectedIndices', () => {
  // Two too old, two fine, two too new, oldest first as in a call.
  const timestamps = [
    NOW_MS - 20 * DAY_MS,
    NOW_MS - 15 * DAY_MS,
    NOW_MS - 1_000,
    NOW_MS,
    NOW_MS + 3 * 3_600_000,
    NOW_MS + 4 * 3_600_000,
  ];

  it('reads the bounds as AWS documents them (old end exclusive, new start inclusive)', () => {
    const found = rejectedIndices({
      info: { tooOldLogEventEndIndex: 2, tooNewLogEventStartIndex: 4 },
      timestamps,
      nowMs: NOW_MS,
    });

    expect(found).toEqual({
      indices: [0, 1, 4, 5],
      counts: { tooOld: 2, expired: 0, tooNew: 2 },
    });
  });

  it('reads moto’s answer (the index of the last refused event) to the same events', () => {
    const found = rejectedIndices({
      info: { tooOldLogEventEndIndex: 1, tooNewLogEventStartIndex: 5 },
      timestamps,
      nowMs: NOW_MS,
    });

    expect(found.indices).toEqual([0, 1, 4, 5]);
  });

  it('counts events past the retention by the exclusive end index', () => {
    const found = rejectedIndices({
      info: { expiredLogEventEndIndex: 3 },
      timestamps: [
        NOW_MS - 9 * DAY_MS,
        NOW_MS - 8 * DAY_MS,
        NOW_MS - 8 * DAY_MS,
        NOW_MS,
      ],
      nowMs: NOW_MS,
    });

    expect(found).toEqual({
      indices: [0, 1, 2],
      counts: { tooOld: 0, expired: 3, tooNew: 0 },
    });
  });
});

describe('describeRefusals', () => {
  it('names each cause with its count', () => {
    const reason = describeRefusals({
      refused: 4,
      sent: 10,
      counts: { tooOld: 1, expired: 2, tooNew: 1 },
    });

    expect(reason).toBe(
      "CloudWatch Logs refused 4 of 10 events: 1 older than 14 days, 2 past the log group's retention, 1 more than 2 hours ahead"
    );
  });
});
