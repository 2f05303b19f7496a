import type { Distribution } from '../src/percentiles.js';
import type { SubjectResult } from '../src/results.js';

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
