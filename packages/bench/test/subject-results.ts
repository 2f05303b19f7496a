import type { Distribution } from '../src/percentiles.js';
import type { BenchReport, SubjectResult } from '../src/results.js';

/** A distribution whose every percentile is `ms`. */
export function flat(ms: number): Distribution {
  return { count: 1, p50: ms, p95: ms, p99: ms, min: ms, max: ms };
}

/** A fully measured subject with chosen figures. */
export function subjectResult(opts: {
  name: string;
  kind?: 'layer' | 'baseline';
  registerMs?: number;
  readyMs?: number;
  steadyMs?: number;
  peakRssBytes?: number;
  zipBytes?: number;
  linesPerSecond?: number;
}): SubjectResult {
  return {
    name: opts.name,
    kind: opts.kind ?? 'layer',
    errors: [],
    coldStart: {
      registerMs: flat(opts.registerMs ?? 50),
      readyMs: flat(opts.readyMs ?? 60),
    },
    postRuntime: {
      steady: flat(opts.steadyMs ?? 1),
      sporadic: flat(opts.steadyMs ?? 1),
      steadyInvokes: 1,
      sporadicInvokes: 1,
      sporadicGapMs: 2_200,
      linesPerInvoke: 20,
    },
    load: {
      invokes: 1,
      linesPerInvoke: 10_000,
      peakRssBytes: opts.peakRssBytes ?? 40 * 1024 * 1024,
      cpuSecondsPer100kLines: 0.5,
      logsDropped: 0,
      lost: 0,
    },
    ...(opts.linesPerSecond === undefined
      ? {}
      : {
          throughput: {
            linesPerSecond: opts.linesPerSecond,
            mbPerSecond: 1,
            lineBytes: 100,
            stoppedBy: 'plateau' as const,
            steps: [],
          },
        }),
    ...(opts.zipBytes === undefined
      ? {}
      : {
          size: { zipBytes: opts.zipBytes, unzippedBytes: opts.zipBytes * 3 },
        }),
  };
}

/** A quick run's report on a 2-CPU test machine, with one note. */
export function benchReport(subjects: SubjectResult[]): BenchReport {
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

/** The cells of the table row whose first cell is `label`. */
export function rowOf(table: string, label: string): string[] {
  const line = table.split('\n').find((l) => l.startsWith(`| ${label} `));
  return (line ?? '')
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
}
