import { describe, expect, it } from 'vitest';
import { ratiosTo } from '../src/baseline.js';
import { evaluateBudgets, runFailures } from '../src/budgets.js';
import { flat, subjectResult } from './subject-results.js';

const MB = 1024 * 1024;
const baseline = subjectResult({
  name: 'null',
  kind: 'baseline',
  registerMs: 100,
  readyMs: 100,
  peakRssBytes: 40 * MB,
});

function verdictsOf(subject: ReturnType<typeof subjectResult>) {
  return Object.fromEntries(
    evaluateBudgets(subject, baseline).map((v) => [
      `${v.budget.metric} ${v.budget.text}`,
      v.pass,
    ])
  );
}

describe('evaluateBudgets', () => {
  it('compares ratio budgets with the null extension and value budgets as they are', () => {
    const layer = subjectResult({
      name: 'webhook',
      registerMs: 110,
      readyMs: 126,
      steadyMs: 2,
      peakRssBytes: 52 * MB,
      zipBytes: 150 * 1024,
      linesPerSecond: 99_999,
    });

    const verdicts = verdictsOf(layer);

    expect(verdicts).toEqual({
      'registerP50 ≤ 1.10× null': true,
      'readyP50 ≤ 1.25× null': false,
      'steadyP50 ≤ 2 ms': true,
      'steadyP99 ≤ 10 ms': true,
      'peakRss ≤ 1.3× null': true,
      'peakRss ≤ 64 MB': true,
      'throughputLines ≥ 100,000/s (webhook)': false,
      'logsDropped10k 0': true,
      'lost10k 0': true,
      'zipBytes webhook 150 KB': true,
    });
  });

  it('applies each size budget to its own layers only', () => {
    const s3 = subjectResult({ name: 's3', zipBytes: 600 * 1024 });
    const otlp = subjectResult({ name: 'otlp', zipBytes: 600 * 1024 });

    const s3Size = evaluateBudgets(s3, baseline).filter(
      (v) => v.budget.metric === 'zipBytes'
    );
    const otlpSize = evaluateBudgets(otlp, baseline).filter(
      (v) => v.budget.metric === 'zipBytes'
    );

    expect(s3Size.map((v) => [v.budget.text, v.pass])).toEqual([
      ['s3/cloudwatch 1 MB', true],
    ]);
    expect(otlpSize.map((v) => [v.budget.text, v.pass])).toEqual([
      ['otlp/es 500 KB', false],
    ]);
  });

  it('skips a ratio budget without the baseline figure and gives the baseline none', () => {
    const layer = subjectResult({ name: 'webhook' });

    const alone = evaluateBudgets(layer, undefined).map((v) => v.budget.metric);
    const ofBaseline = evaluateBudgets(baseline, baseline);

    expect(alone).not.toContain('registerP50');
    expect(alone).toContain('steadyP50');
    expect(ofBaseline).toEqual([]);
  });
});

describe('runFailures', () => {
  it('fails the run on an exceeded size budget only', () => {
    const slow = subjectResult({
      name: 'webhook',
      registerMs: 500,
      steadyMs: 50,
      zipBytes: 100 * 1024,
    });
    const big = subjectResult({ name: 'webhook', zipBytes: 151 * 1024 });

    const slowFailures = runFailures(evaluateBudgets(slow, baseline));
    const bigFailures = runFailures(evaluateBudgets(big, baseline));

    expect(slowFailures).toEqual([]);
    expect(bigFailures.map((v) => [v.subject, v.compared])).toEqual([
      ['webhook', 151 * 1024],
    ]);
  });
});

describe('paired cold starts', () => {
  it('divide by the null extension measured alongside, not the baseline run', () => {
    const layer = subjectResult({
      name: 'webhook',
      registerMs: 110,
      readyMs: 130,
    });
    const paired = {
      ...layer,
      coldStart: {
        registerMs: flat(110),
        readyMs: flat(130),
        cpuRegisterMs: flat(45),
        cpuReadyMs: flat(60),
        paired: {
          registerMs: flat(200),
          readyMs: flat(100),
          cpuRegisterMs: flat(30),
          cpuReadyMs: flat(40),
        },
      },
    };

    const verdicts = evaluateBudgets(paired, baseline).filter(
      (v) => v.budget.of === 'ratio' && v.budget.metric !== 'peakRss'
    );
    const ratios = ratiosTo(paired, baseline);

    expect(verdicts.map((v) => [v.budget.metric, v.compared, v.pass])).toEqual([
      ['registerP50', 0.55, true],
      ['readyP50', 1.3, false],
    ]);
    expect(ratios.registerP50).toBe(0.55);
    expect(ratios.readyP95).toBe(1.3);
    expect(ratios.cpuRegisterP50).toBe(1.5);
    expect(ratios.cpuReadyP50).toBe(1.5);
  });
});
