import { evaluateBudgets } from './budgets.js';
import { describeMachine } from './machine.js';
import { measureNodeStart } from './measure/node-start.js';
import { ratiosTo } from './metrics.js';
import type { BenchOptions } from './options.js';
import type { BenchReport, SubjectResult } from './results.js';
import { runSubject } from './run-subject.js';
import { SUBJECTS } from './subjects.js';

/**
 * The whole suite: `node -e ''`, the null extension, then each selected
 * layer, one after the other (timings on a shared machine are noisy enough).
 */
export async function runSuite(opts: {
  root: string;
  options: BenchOptions;
  progress: (line: string) => void;
}): Promise<BenchReport> {
  const { options } = opts;
  const started = Date.now();
  const notes: string[] = [];
  opts.progress("node -e '': timing start-up");
  const nodeStartMs = await measureNodeStart(options.quick ? 5 : 20);
  const selected = SUBJECTS.filter(
    (s) => s.kind === 'baseline' || options.layers.includes(s.name)
  );
  const subjects: SubjectResult[] = [];
  for (const subject of selected) {
    const searchThroughput =
      options.throughput.length > 0 &&
      (subject.kind === 'baseline' ||
        options.throughput.includes(subject.name));
    subjects.push(await runSubject({ ...opts, subject, searchThroughput }));
  }
  const baseline = subjects.find((s) => s.kind === 'baseline');
  for (const subject of subjects) {
    if (baseline && subject !== baseline) {
      subject.ratios = ratiosTo(subject, baseline);
    }
  }
  notes.push(
    "Cold start ratios divide by the null extension's medians measured alongside each layer (one null cold start before each of the layer's): the 'null alongside' rows."
  );
  if (options.throughput.length === 0) {
    notes.push('Throughput search skipped (--quick or --throughput none).');
  } else {
    notes.push(
      `Throughput searched for the null extension and ${options.throughput.filter((name) => options.layers.includes(name)).join(', ')}.`
    );
  }
  return {
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    quick: options.quick,
    machine: describeMachine(),
    nodeStartMs,
    subjects,
    budgets: subjects
      .flatMap((s) => evaluateBudgets(s, baseline))
      .map((v) => ({
        subject: v.subject,
        metric: v.budget.metric,
        budget: v.budget.text,
        compared: Math.round(v.compared * 1000) / 1000,
        pass: v.pass,
      })),
    notes,
  };
}
