import { renderTable } from './report-table.js';
import type { BenchReport } from './results.js';

/** Markers around the part of the README that `--readme` rewrites. */
export const BEGIN = '<!-- bench:begin -->';
export const END = '<!-- bench:end -->';

/**
 * `readme` with the text between the bench markers replaced by `report`'s
 * table; throws when the markers are missing or out of order.
 */
export function replaceBenchSection(
  readme: string,
  report: BenchReport
): string {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) {
    throw new Error(`the README has no ${BEGIN} … ${END} section`);
  }
  const m = report.machine;
  const body = [
    '',
    `Measured on ${m.cpus} CPUs (${m.cpuModel}), Node.js ${m.node}, ${m.platform}, on ${report.startedAt.slice(0, 10)} (\`pnpm bench\`, ${report.durationS} s${report.quick ? ', --quick' : ''}). Each cell: the figure, its ratio to the null extension, ✓/✗ against the budget.`,
    '',
    renderTable(report).trimEnd(),
    '',
  ].join('\n');
  return `${readme.slice(0, begin + BEGIN.length)}${body}${readme.slice(end)}`;
}
