import { baselineOf } from './baseline.js';
import { evaluateBudgets } from './budgets.js';
import { formatRatio, formatValue } from './format.js';
import { metric } from './metrics.js';
import type { BenchReport } from './results.js';

/** The figures the chart shows, one panel each. */
export const CHART_METRICS = [
  'registerP50',
  'readyP50',
  'steadyP95',
  'steadyP99',
  'sporadicP50',
  'peakRss',
  'cpuPer100k',
  'throughputLines',
  'zipBytes',
] as const;

const COLUMNS = 3;
const PANEL_WIDTH = 380;
const LABEL_WIDTH = 120;
const BAR_HEIGHT = 16;
const BAR_GAP = 6;
const PANEL_HEAD = 28;
const MARGIN = 16;
const TITLE_HEIGHT = 64;

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function barColor(opts: { baseline: boolean; failed: boolean }) {
  if (opts.baseline) return '#9e9e9e';
  return opts.failed ? '#d9534f' : '#3572b0';
}

/** A bar this many times the panel's median is cut (» before its label). */
const CUT_FACTOR = 10;

/**
 * The value a full-width bar stands for: the largest one, unless it dwarfs
 * the rest (the standalone layer's zip carries Node.js itself), then the
 * largest not over {@link CUT_FACTOR} × the median.
 */
export function scaleMax(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  const kept = sorted.filter((v) => median === 0 || v <= median * CUT_FACTOR);
  return Math.max(0, ...kept);
}

/** Swatches: the null extension, a layer, a layer over its budget. */
function legend(): string[] {
  const items = [
    { text: 'null extension (plain Node.js)', baseline: true, failed: false },
    { text: 'logdrain layer', baseline: false, failed: false },
    { text: "over issue 9's budget", baseline: false, failed: true },
  ];
  return items.flatMap((item, n) => {
    const x = MARGIN + n * 220;
    return [
      `<rect class="swatch" x="${x}" y="46" width="10" height="10" fill="${barColor(item)}"/>`,
      `<text class="legend" x="${x + 14}" y="55">${escapeXml(item.text)}</text>`,
    ];
  });
}

/**
 * The results as an SVG: one panel per figure in {@link CHART_METRICS}, one
 * bar per subject that has the figure (the null extension in grey, a layer
 * over its budget in red), labelled with the value and its ratio to the
 * null extension; a bar that would dwarf the others is cut (see
 * {@link scaleMax}). Hand-written SVG, no chart library.
 */
export function renderSvg(report: BenchReport): string {
  const subjects = report.subjects;
  const verdicts = subjects.flatMap((s) =>
    evaluateBudgets(s, baselineOf(subjects, s))
  );
  const panelHeight =
    PANEL_HEAD + subjects.length * (BAR_HEIGHT + BAR_GAP) + MARGIN;
  const rows = Math.ceil(CHART_METRICS.length / COLUMNS);
  const width = COLUMNS * PANEL_WIDTH + 2 * MARGIN;
  const height = TITLE_HEIGHT + rows * panelHeight + MARGIN;
  const m = report.machine;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(`logdrain pnpm bench: each layer beside the null extension, ${m.cpus} CPUs, Node.js ${m.node}`)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text class="title" x="${MARGIN}" y="22" font-size="15" font-weight="bold">${escapeXml('logdrain layers vs. a null Node.js extension')}</text>`,
    `<text class="subtitle" x="${MARGIN}" y="38" fill="#555">${escapeXml(`${m.cpus} CPUs (${m.cpuModel}), Node.js ${m.node}; ${report.startedAt.slice(0, 10)}${report.quick ? ', quick run' : ''}`)}</text>`,
    ...legend(),
  ];
  CHART_METRICS.forEach((key, index) => {
    const def = metric(key);
    const x = MARGIN + (index % COLUMNS) * PANEL_WIDTH;
    const y = TITLE_HEIGHT + Math.floor(index / COLUMNS) * panelHeight;
    const unit = def.unit === 'bytes' ? '' : ` (${def.unit})`;
    parts.push(
      `<text class="panel" x="${x}" y="${y + 16}" font-weight="bold">${escapeXml(`${def.label}${unit}`)}</text>`
    );
    const values = subjects.map((s) => def.read(s));
    const max = scaleMax(values.filter((v) => v !== undefined));
    const barSpace = PANEL_WIDTH - LABEL_WIDTH - 125;
    subjects.forEach((subject, row) => {
      const barY = y + PANEL_HEAD + row * (BAR_HEIGHT + BAR_GAP);
      parts.push(
        `<text class="name" x="${x}" y="${barY + 12}">${escapeXml(subject.name)}</text>`
      );
      const value = values[row];
      if (value === undefined) {
        parts.push(
          `<text class="missing" x="${x + LABEL_WIDTH}" y="${barY + 12}" fill="#999">${escapeXml(subject.skipped ? 'skipped' : 'not measured')}</text>`
        );
        return;
      }
      const failed = verdicts.some(
        (v) => v.subject === subject.name && v.budget.metric === key && !v.pass
      );
      const cut = value > max;
      const barWidth =
        max > 0 ? Math.max(1, (Math.min(value, max) / max) * barSpace) : 1;
      const ratio = subject.ratios?.[key];
      const label = `${cut ? '» ' : ''}${formatValue(value, def.unit)}${ratio === undefined ? '' : ` ${formatRatio(ratio)}`}`;
      parts.push(
        `<rect class="bar" x="${x + LABEL_WIDTH}" y="${barY}" width="${barWidth.toFixed(1)}" height="${BAR_HEIGHT}" fill="${barColor({ baseline: subject.kind === 'baseline', failed })}"/>`,
        `<text class="label" x="${(x + LABEL_WIDTH + barWidth + 4).toFixed(1)}" y="${barY + 12}">${escapeXml(label)}</text>`
      );
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
