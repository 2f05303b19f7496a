import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../src/metrics.js';
import { renderSvg } from '../src/report-svg.js';
import { renderTable } from '../src/report-table.js';
import type {
  BenchReport,
  SubjectResult,
  ThroughputStep,
} from '../src/results.js';
import { benchReport, flat, rowOf, subjectResult } from './subject-results.js';

const step = (fields: Partial<ThroughputStep>): ThroughputStep => ({
  linesPerInvoke: 5_000,
  invokes: 20,
  windowMs: 4_000,
  delivered: 100_000,
  linesPerSecond: 25_000,
  logsDropped: 0,
  ...fields,
});

/** A subject whose best step (60,000 lines/s) had its CPU measured. */
function measured(opts: {
  name: string;
  kind: 'layer' | 'baseline';
  receiverUs: number | undefined;
}): SubjectResult {
  const base = subjectResult(opts);
  const best = step({
    linesPerSecond: 60_000,
    cpuPerLine: {
      extensionUs: 9.8,
      runtimeUs: 3,
      emulatorUs: 5.8,
      ...(opts.receiverUs === undefined ? {} : { receiverUs: opts.receiverUs }),
    },
    extensionLinesPerCore: 102_041,
    ...(opts.receiverUs === undefined ? {} : { ceilingLinesPerSecond: 86_580 }),
    cpus: 2,
    machineBusy: 0.97,
  });
  return {
    ...base,
    coldStart: {
      registerMs: flat(50),
      readyMs: flat(60),
      machineBusy: 0.412,
    },
    postRuntime: {
      steady: flat(1),
      sporadic: flat(30),
      steadyInvokes: 300,
      sporadicInvokes: 5,
      sporadicGapMs: 2_200,
      linesPerInvoke: 20,
      steadyMachineBusy: 0.305,
    },
    throughput: {
      linesPerSecond: 60_000,
      mbPerSecond: 5.72,
      lineBytes: 100,
      stoppedBy: 'plateau',
      steps: [step({ linesPerSecond: 40_000 }), best],
    },
  };
}

describe('renderTable: the CPU behind the throughput, load', () => {
  it("shows the best step's CPU per line, capacity, ceiling and idle share, and each phase's load", () => {
    const subjects = [
      measured({ name: 'webhook', kind: 'layer', receiverUs: 4.5 }),
      measured({ name: 's3', kind: 'layer', receiverUs: undefined }),
    ];

    const table = renderTable(benchReport(subjects));

    const cells = (label: string) => rowOf(table, label).slice(2);
    expect(
      cells(
        'throughput, best step: CPU per line, extension / emulator+runtime / receiver'
      )
    ).toEqual(['9.80 / 8.80 / 4.50 µs', '9.80 / 8.80 / — µs']);
    expect(
      cells("throughput, best step: the extension's capacity on one core")
    ).toEqual(['102,041 lines/s', '102,041 lines/s']);
    expect(
      cells('throughput, best step: ceiling with every core on this work')
    ).toEqual(['86,580 lines/s (2 cores)', '—']);
    expect(cells('throughput, best step: machine idle')).toEqual([
      '3 %',
      '3 %',
    ]);
    expect(table).toContain(
      '- webhook: machine busy during cold starts 41 %, steady 31 %, best throughput step 97 %.'
    );
    expect(table).toContain('- Throughput CPU per line (the best step');
    expect(table).not.toContain('- The null extension delivers nowhere');
  });

  it("renders session 5's report, which has none of these figures, with dashes", () => {
    const old: BenchReport = JSON.parse(
      readFileSync(new URL('./session5-report.json', import.meta.url), 'utf8')
    );

    const table = renderTable(old);

    expect(table.split('\n').filter((l) => l.startsWith('|'))).toHaveLength(
      METRICS.length + 4
    );
    expect(
      rowOf(table, 'throughput, no logsDropped').slice(2) // lines/s row first
    ).toEqual(['206,780 lines/s', '68,058 lines/s (0.33×) ✗']);
    expect(
      rowOf(
        table,
        'throughput, best step: CPU per line, extension / emulator+runtime / receiver'
      ).slice(2)
    ).toEqual(['—', '—']);
    expect(table).not.toContain('machine busy');
    expect(table).not.toContain('- Throughput CPU per line');
    expect(table).toContain(
      "- The null extension delivers nowhere: no receiver's CPU is in its throughput"
    );
    expect(renderSvg(old)).toContain('68,058');
  });
});
