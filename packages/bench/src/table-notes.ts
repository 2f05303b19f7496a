import { bestStep } from './metrics-breakdown.js';
import type { SubjectResult } from './results.js';

const percent = (share: number) => `${Math.round(share * 100)} %`;

/** The machine's busy share in each phase of `subject` that recorded it. */
export function machineLoadNote(subject: SubjectResult): string | undefined {
  const phases: Array<[string, number | undefined]> = [
    ['cold starts', subject.coldStart?.machineBusy],
    ['steady', subject.postRuntime?.steadyMachineBusy],
    ['sporadic', subject.postRuntime?.sporadicMachineBusy],
    ['10,000-line invokes', subject.load?.machineBusy],
    ['best throughput step', bestStep(subject)?.machineBusy],
  ];
  const known = phases.flatMap(([phase, busy]) =>
    busy === undefined ? [] : [`${phase} ${percent(busy)}`]
  );
  if (known.length === 0) return undefined;
  return `${subject.name}: machine busy during ${known.join(', ')}.`;
}

/**
 * Lines that explain the rows the subjects' figures fill: the machine's load
 * per phase, the throughput CPU breakdown, and what the null extension's
 * throughput leaves out. Nothing for a report without those figures.
 */
export function tableNotes(subjects: readonly SubjectResult[]): string[] {
  const notes: string[] = [];
  const loads = subjects.flatMap((s) => machineLoadNote(s) ?? []);
  if (loads.length > 0) {
    notes.push(
      "Machine busy: the share of all CPUs' time that was not idle during each phase (/proc/stat), the measurement's own work included. Throughput steps fill every core by design; in the other phases a figure far above the null extension's means something else ran too.",
      ...loads
    );
  }
  if (subjects.some((s) => bestStep(s)?.cpuPerLine)) {
    notes.push(
      "Throughput CPU per line (the best step, per line delivered): the extension's process; the sandbox's emulator (the bench process less the receiver's thread) plus the runtime-client process running the function; the webhook receiver's worker thread (— for a destination in a process of its own, not measured). Capacity on one core = 1e6 / the extension's µs; the ceiling = cores × 1e6 / all four µs: the rate if every core did nothing else."
    );
  }
  for (const s of subjects) {
    if (!s.load || s.load.lost === 0) continue;
    const reported = s.load.reportedLost;
    notes.push(
      `${s.name}: ${s.load.lost} of the 10,000-line invokes' lines never arrived; ` +
        (reported === undefined
          ? 'this run did not record what the layer reported.'
          : `the layer reported ${reported} records lost (its shutdown line, platform events included).`)
    );
  }
  if (subjects.some((s) => s.kind === 'baseline' && s.throughput)) {
    notes.push(
      "The null extension delivers nowhere: no receiver's CPU is in its throughput, so a layer's throughput ratio to it also carries the destination's cost (for webhook, the receiver's µs per line)."
    );
  }
  return notes;
}
