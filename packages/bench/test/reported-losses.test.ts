import { describe, expect, it } from 'vitest';
import { reportedLosses } from '../src/measure/reported-losses.js';
import { tableNotes } from '../src/table-notes.js';
import { subjectResult } from './subject-results.js';

// Core's shutdown line as the default logger writes it.
const lossLine = (count: number) =>
  JSON.stringify({
    time: '2026-11-27T14:30:00.000Z',
    level: 'error',
    component: 'logdrain-elasticsearch',
    msg: `lost ${count} records: ${count} records unsent: still queued when the extension stopped`,
    unsent: count,
  });

describe('reportedLosses', () => {
  it('sums the counts of the layer’s "lost" lines and ignores the rest', () => {
    const output = [
      '{"level":"warn","msg":"destination keeps failing: pausing delivery"}',
      lossLine(50_957),
      'a line that mentions "msg":"lost in its text but no count',
      lossLine(1),
    ];

    expect(reportedLosses(output)).toBe(50_958);
  });

  it('is 0 for a layer that reported nothing', () => {
    expect(reportedLosses(['{"level":"info","msg":"ready"}'])).toBe(0);
  });
});

describe('tableNotes on losses', () => {
  it('says how many lines never arrived and how many the layer reported', () => {
    const subject = {
      ...subjectResult({ name: 'elasticsearch', kind: 'layer' }),
      load: {
        invokes: 10,
        linesPerInvoke: 10_000,
        peakRssBytes: 80_000_000,
        cpuSecondsPer100kLines: 2.4,
        logsDropped: 0,
        lost: 50_957,
        reportedLost: 50_957,
      },
    };

    expect(tableNotes([subject])).toContain(
      "elasticsearch: 50957 of the 10,000-line invokes' lines never arrived; the layer reported 50957 records lost (its shutdown line, platform events included)."
    );
  });

  it('adds nothing for a layer that lost nothing', () => {
    const subject = subjectResult({ name: 'webhook', kind: 'layer' });

    expect(tableNotes([subject]).join('\n')).not.toContain('never arrived');
  });
});
