import { BYTES_PER_MB, type MetricUnit } from './metrics.js';

const KB = 1024;

/** A figure with its unit, short enough for a table cell or a bar label. */
export function formatValue(value: number, unit: MetricUnit): string {
  switch (unit) {
    case 'ms':
      return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
    case 's':
      return `${value.toFixed(3)} s`;
    case 'bytes':
      return value >= BYTES_PER_MB
        ? `${(value / BYTES_PER_MB).toFixed(1)} MB`
        : `${(value / KB).toFixed(1)} KB`;
    case 'lines/s':
      return `${Math.round(value).toLocaleString('en-US')} lines/s`;
    case 'MB/s':
      return `${value.toFixed(2)} MB/s`;
    case 'count':
      return Math.round(value).toLocaleString('en-US');
    case 'µs':
      return `${value.toFixed(2)} µs`;
    case '%':
      return `${Math.round(value)} %`;
  }
}

/** A ratio to the null extension, e.g. "1.04×". */
export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}
