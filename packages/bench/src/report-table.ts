import { baselineOf } from './baseline.js';
import { BUDGETS, evaluateBudgets, type Verdict } from './budgets.js';
import { formatRatio, formatValue } from './format.js';
import { METRICS } from './metrics.js';
import type { BenchReport, SubjectResult } from './results.js';
import { tableNotes } from './table-notes.js';

function cell(subject: SubjectResult, key: string, verdicts: Verdict[]) {
  const m = METRICS.find((candidate) => candidate.key === key);
  const value = m?.read(subject);
  if (!m || value === undefined) return '—';
  const ratio = subject.ratios?.[key];
  const mine = verdicts.filter((v) => v.budget.metric === key);
  let mark = '';
  if (mine.length > 0) mark = mine.every((v) => v.pass) ? ' ✓' : ' ✗';
  const text = m.text?.(subject) ?? formatValue(value, m.unit);
  return `${text}${ratio === undefined ? '' : ` (${formatRatio(ratio)})`}${mark}`;
}

/** Rows padded to their columns' widths, as Biome formats a Markdown table. */
function alignedTable(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(3, ...rows.map((cells) => (cells[column] ?? '').length))
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const [head = [], ...body] = rows;
  return [
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
  ];
}

/**
 * The results as one Markdown table (figures down, subjects across): the
 * Node.js each extension ran on and the null extension each layer's ratios
 * divide by, then each figure, a layer's with its ratio and ✓/✗ against
 * the budget; then the skipped subjects, errors, the run's notes and
 * those explaining the machine's load and the throughput CPU rows.
 */
export function renderTable(report: BenchReport): string {
  const subjects = report.subjects;
  const verdicts = new Map(
    subjects.map((s) => [s.name, evaluateBudgets(s, baselineOf(subjects, s))])
  );
  const rows: string[][] = [
    ['figure', 'budget', ...subjects.map((s) => s.name)],
    ['Node.js of the extension', '', ...subjects.map((s) => s.node ?? '—')],
    [
      'ratios to',
      '',
      ...subjects.map((s) =>
        s.kind === 'layer' ? (baselineOf(subjects, s)?.name ?? '—') : '—'
      ),
    ],
  ];
  for (const m of METRICS) {
    const budgets = BUDGETS.filter((b) => b.metric === m.key)
      .map((b) => b.text)
      .join(', ');
    const unit = m.unit === 'MB/s' ? ' (MB/s)' : '';
    rows.push([
      `${m.label}${unit}`,
      budgets,
      ...subjects.map((s) => cell(s, m.key, verdicts.get(s.name) ?? [])),
    ]);
  }
  const start = report.nodeStartMs;
  const out = [
    start
      ? `node -e '': median ${formatValue(start.p50, 'ms')}, p95 ${formatValue(start.p95, 'ms')} (${start.count} runs)`
      : '',
    '',
    ...alignedTable(rows),
    '',
  ];
  for (const s of subjects) {
    if (s.skipped) out.push(`- ${s.name} skipped: ${s.skipped}`);
    for (const error of s.errors) out.push(`- ${s.name}: ${error}`);
  }
  for (const note of report.notes) out.push(`- ${note}`);
  for (const note of tableNotes(subjects)) out.push(`- ${note}`);
  const m = report.machine;
  out.push(
    `- Machine: ${m.cpus} CPUs (${m.cpuModel}), Node.js ${m.node}, ${m.platform}; ${report.quick ? 'quick run' : 'full run'} of ${report.durationS} s started ${report.startedAt}.`
  );
  return `${out.join('\n')}\n`;
}
