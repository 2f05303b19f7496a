import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineOf, ratiosTo } from './baseline.js';
import { evaluateBudgets } from './budgets.js';
import { nullLayerOnCarriedNode } from './carried-node.js';
import { describeMachine } from './machine.js';
import { measureNodeStart } from './measure/node-start.js';
import type { BenchOptions } from './options.js';
import type { BenchReport, SubjectResult } from './results.js';
import { runSubject } from './run-subject.js';
import { layerPath, NULL_LAYER, SUBJECTS, type Subject } from './subjects.js';

/** The null extension a layer is compared with. */
interface NullFor {
  readonly name: string;
  readonly layer: string;
  readonly node: string;
}

/**
 * The whole suite: `node -e ''`, the null extension, then each selected
 * layer, one after the other (timings on a shared machine are noisy enough).
 * A layer that carries its own Node.js is compared with the null extension
 * run on that same binary, measured just before it (once per version).
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
  const searches = (subject: Subject) =>
    options.throughput.length > 0 &&
    (subject.kind === 'baseline' || options.throughput.includes(subject.name));
  const pathNull: NullFor = {
    name: SUBJECTS[0]?.name ?? 'null',
    layer: join(opts.root, NULL_LAYER),
    node: process.version,
  };
  const subjects: SubjectResult[] = [];
  const scratch = await mkdtemp(join(tmpdir(), 'logdrain-bench-'));
  try {
    for (const subject of selected) {
      let nullFor = pathNull;
      if (subject.kind === 'layer') {
        let carried: Awaited<ReturnType<typeof nullLayerOnCarriedNode>>;
        try {
          carried = await nullLayerOnCarriedNode({
            zipPath: layerPath(opts.root, subject),
            nullLayer: pathNull.layer,
            dir: join(scratch, subject.name),
          });
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          const skipped = `its own Node.js could not be set up: ${why}`;
          opts.progress(`${subject.name}: ${skipped}`);
          subjects.push({
            name: subject.name,
            kind: 'layer',
            errors: [],
            skipped,
          });
          continue;
        }
        if (carried) {
          nullFor = { ...carried, name: `null-node${carried.node.slice(1)}` };
          notes.push(
            `${subject.name} carries Node.js ${carried.node}: its ratios divide by ${nullFor.name}, the null extension run on that binary (copied from its zip) just before it.`
          );
        }
      }
      if (!subjects.some((s) => s.name === nullFor.name)) {
        const baseline: Subject = {
          ...(SUBJECTS[0] as Subject),
          name: nullFor.name,
          layer: nullFor.layer,
        };
        const result = await runSubject({
          ...opts,
          subject: baseline,
          searchThroughput: searches(subject),
        });
        subjects.push({ ...result, node: nullFor.node });
      }
      if (subject.kind === 'baseline') continue;
      const result = await runSubject({
        ...opts,
        subject,
        searchThroughput: searches(subject),
        paired: nullFor,
      });
      subjects.push(
        result.skipped
          ? result
          : { ...result, node: nullFor.node, baseline: nullFor.name }
      );
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  for (const subject of subjects) {
    const baseline = baselineOf(subjects, subject);
    if (baseline && subject.kind === 'layer') {
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
      .flatMap((s) => evaluateBudgets(s, baselineOf(subjects, s)))
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
