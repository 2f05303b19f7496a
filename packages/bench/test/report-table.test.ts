import { describe, expect, it } from 'vitest';
import { METRICS } from '../src/metrics.js';
import { renderTable } from '../src/report-table.js';
import type { SubjectResult } from '../src/results.js';
import { benchReport, rowOf, subjectResult } from './subject-results.js';

describe('renderTable', () => {
  it('gives each figure a row with budgets, ratios and marks', () => {
    const subjects: SubjectResult[] = [
      {
        ...subjectResult({ name: 'null', kind: 'baseline', registerMs: 100 }),
        ratios: {},
      },
      {
        ...subjectResult({
          name: 'webhook',
          registerMs: 120,
          zipBytes: 100 * 1024,
        }),
        ratios: { registerP50: 1.2 },
      },
    ];

    const table = renderTable(benchReport(subjects));

    const lines = table.split('\n').filter((l) => l.startsWith('|'));
    expect(lines).toHaveLength(METRICS.length + 4);
    expect(rowOf(table, 'figure')).toEqual([
      'figure',
      'budget',
      'null',
      'webhook',
    ]);
    expect(rowOf(table, 'spawn → register, median')).toEqual([
      'spawn → register, median',
      '≤ 1.10× null',
      '100.0 ms',
      '120.0 ms (1.20×) ✗',
    ]);
    expect(rowOf(table, 'layer zip').slice(2)).toEqual(['—', '100.0 KB ✓']);
    expect(table).toContain("node -e '': median 40.0 ms");
    expect(table).toContain('- a note');
  });

  it('says which Node.js each extension ran on and which null extension each layer is divided by', () => {
    const subjects: SubjectResult[] = [
      {
        ...subjectResult({ name: 'null', kind: 'baseline', readyMs: 100 }),
        node: 'v20.20.2',
      },
      {
        ...subjectResult({ name: 'webhook', readyMs: 110 }),
        node: 'v20.20.2',
        baseline: 'null',
        ratios: { readyP50: 1.1 },
      },
      {
        ...subjectResult({
          name: 'null-node24.21.0',
          kind: 'baseline',
          readyMs: 80,
        }),
        node: 'v24.21.0',
      },
      {
        ...subjectResult({ name: 'webhook-standalone', readyMs: 104 }),
        node: 'v24.21.0',
        baseline: 'null-node24.21.0',
        ratios: { readyP50: 1.3 },
      },
      // A run from before layers named their null extension.
      subjectResult({ name: 's3', readyMs: 130 }),
    ];

    const table = renderTable(benchReport(subjects));

    expect(rowOf(table, 'Node.js of the extension')).toEqual([
      'Node.js of the extension',
      '',
      'v20.20.2',
      'v20.20.2',
      'v24.21.0',
      'v24.21.0',
      '—',
    ]);
    expect(rowOf(table, 'ratios to')).toEqual([
      'ratios to',
      '',
      '—',
      'null',
      '—',
      'null-node24.21.0',
      'null',
    ]);
    // 104 / 80 = 1.3 is over the 1.25 budget; 130 / 100 is too.
    expect(rowOf(table, 'spawn → ready, median').slice(2)).toEqual([
      '100.0 ms',
      '110.0 ms (1.10×) ✓',
      '80.0 ms',
      '104.0 ms (1.30×) ✗',
      '130.0 ms ✗',
    ]);
  });

  it('says why a subject was skipped and which measurement failed', () => {
    const subjects: SubjectResult[] = [
      {
        ...subjectResult({ name: 'null', kind: 'baseline' }),
        errors: ['load: boom'],
      },
      {
        name: 'otlp',
        kind: 'layer',
        errors: [],
        skipped: 'the collector did not start',
      },
    ];

    const table = renderTable(benchReport(subjects));

    expect(rowOf(table, 'spawn → ready, median').at(-1)).toBe('—');
    expect(table).toContain('- otlp skipped: the collector did not start');
    expect(table).toContain('- null: load: boom');
  });
});
