import { describe, expect, it } from 'vitest';
import { CHART_METRICS, renderSvg, scaleMax } from '../src/report-svg.js';
import type { BenchReport } from '../src/results.js';
import { subjectResult } from './subject-results.js';

function report(subjects: BenchReport['subjects']): BenchReport {
  return {
    startedAt: '2026-11-27T05:00:00.000Z',
    durationS: 1,
    quick: false,
    machine: {
      cpus: 2,
      cpuModel: 'Test CPU <2 GHz>',
      node: 'v20.0.0',
      platform: 'linux x64',
    },
    nodeStartMs: undefined,
    subjects,
    budgets: [],
    notes: [],
  };
}

const count = (svg: string, pattern: RegExp) => svg.match(pattern)?.length ?? 0;

describe('renderSvg', () => {
  it('draws one labelled bar per figure and subject that has it', () => {
    const subjects = [
      subjectResult({
        name: 'null',
        kind: 'baseline',
        linesPerSecond: 300_000,
      }),
      subjectResult({
        name: 'webhook',
        zipBytes: 100_000,
        linesPerSecond: 120_000,
      }),
      subjectResult({ name: 's3', zipBytes: 900_000 }),
    ];

    const svg = renderSvg(report(subjects));

    // Every subject has every chart figure except: no zip for the baseline,
    // no throughput for s3.
    const expected = CHART_METRICS.length * subjects.length - 2;
    expect(count(svg, /<rect class="bar"/g)).toBe(expected);
    expect(count(svg, /<text class="label"/g)).toBe(expected);
    expect(count(svg, /<text class="missing"/g)).toBe(2);
    expect(count(svg, /<text class="panel"/g)).toBe(CHART_METRICS.length);
    expect(count(svg, /<text class="name"/g)).toBe(
      CHART_METRICS.length * subjects.length
    );
  });

  it('marks a bar over budget in red and escapes text', () => {
    const subjects = [
      subjectResult({ name: 'null', kind: 'baseline' }),
      subjectResult({ name: 'webhook', zipBytes: 200 * 1024 }),
    ];

    const svg = renderSvg(report(subjects));

    expect(count(svg, /<rect class="bar"[^>]*fill="#d9534f"/g)).toBe(1);
    expect(count(svg, /<rect class="swatch"/g)).toBe(3);
    expect(svg).toContain('Test CPU &lt;2 GHz&gt;');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('says a skipped subject was skipped', () => {
    const skipped = {
      name: 'otlp',
      kind: 'layer' as const,
      errors: [],
      skipped: 'no collector',
    };

    const svg = renderSvg(
      report([subjectResult({ name: 'null', kind: 'baseline' }), skipped])
    );

    expect(count(svg, />skipped</g)).toBe(CHART_METRICS.length);
  });
});

describe('scaleMax', () => {
  it('is the largest value unless one dwarfs the rest', () => {
    expect(scaleMax([100, 200, 150])).toBe(200);
    expect(scaleMax([116, 199, 180, 37, 212, 40_000])).toBe(212);
    expect(scaleMax([0, 0, 5])).toBe(5);
    expect(scaleMax([])).toBe(0);
  });
});
