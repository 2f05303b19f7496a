import { describe, expect, it } from 'vitest';
import { METRICS } from '../src/metrics.js';
import { renderTable } from '../src/report-table.js';
import type { BenchReport, SubjectResult } from '../src/results.js';
import { flat, subjectResult } from './subject-results.js';

function report(subjects: SubjectResult[]): BenchReport {
  return {
    startedAt: '2026-11-27T05:00:00.000Z',
    durationS: 9,
    quick: true,
    machine: {
      cpus: 2,
      cpuModel: 'Test CPU',
      node: 'v20.0.0',
      platform: 'linux x64',
    },
    nodeStartMs: flat(40),
    subjects,
    budgets: [],
    notes: ['a note'],
  };
}

/** The cells of the row whose first cell is `label`. */
function rowOf(table: string, label: string): string[] {
  const line = table.split('\n').find((l) => l.startsWith(`| ${label} `));
  return (line ?? '')
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

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

    const table = renderTable(report(subjects));

    const lines = table.split('\n').filter((l) => l.startsWith('|'));
    expect(lines).toHaveLength(METRICS.length + 2);
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

    const table = renderTable(report(subjects));

    expect(rowOf(table, 'spawn → ready, median').at(-1)).toBe('—');
    expect(table).toContain('- otlp skipped: the collector did not start');
    expect(table).toContain('- null: load: boom');
  });
});
