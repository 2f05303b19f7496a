import { describe, expect, it } from 'vitest';
import {
  createLossStats,
  describeLosses,
  describeLossKinds,
} from '../src/loss-stats.js';

describe('createLossStats', () => {
  it('starts every counter at zero', () => {
    const stats = createLossStats();

    expect(Object.values(stats)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('describeLosses', () => {
  it('returns undefined when nothing was lost', () => {
    const stats = createLossStats();
    stats.received = 10;
    stats.filtered = 4;
    stats.delivered = 6;

    expect(describeLosses(stats)).toBeUndefined();
  });

  it('sums every loss kind in one line', () => {
    const stats = createLossStats();
    stats.unparseable = 1;
    stats.rejected = 2;
    stats.droppedQueueFull = 3;
    stats.droppedBytes = 900;
    stats.unsent = 4;
    stats.platformDropped = 5;

    const line = describeLosses(stats);

    expect(line).toBe(
      'lost 15 records: 1 unparseable (bodies or events that were not valid Telemetry API JSON); ' +
        '2 records rejected by the destination; ' +
        '3 records dropped (oldest first, 900 bytes): memory and spill queue full; ' +
        '4 records unsent: still queued when the extension stopped; ' +
        '5 records dropped by Lambda before reaching the extension (platform.logsDropped)'
    );
  });
});

describe('describeLossKinds', () => {
  it('gives one line per kind that lost something', () => {
    const stats = createLossStats();
    stats.unsent = 3;
    stats.rejected = 1;

    const lines = describeLossKinds(stats);

    expect(lines).toEqual([
      '1 record rejected by the destination',
      '3 records unsent: still queued when the extension stopped',
    ]);
  });
});
