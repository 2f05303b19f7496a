import { isLevelAtLeast } from './level.js';
import type { LogEvent, LogLevel } from './log-event.js';
import type { LossStats } from './loss-stats.js';
import type { Redactor } from './redact.js';

/**
 * Options of {@link createPipeline}.
 *
 * @example
 * const opts: PipelineOptions = { minLevel: 'INFO', stats: createLossStats() };
 */
export interface PipelineOptions {
  /** Keep only function/extension events whose message matches. */
  readonly include?: RegExp;
  /** Drop function/extension events whose message matches. */
  readonly exclude?: RegExp;
  /** Drop function/extension events below this level (no level passes). */
  readonly minLevel?: LogLevel;
  /** Masks secrets in every event's message and record. */
  readonly redact?: Redactor;
  /** `filtered` counts what the filters removed. */
  readonly stats: LossStats;
}

/**
 * One pipeline step: the event to queue (possibly a redacted copy), or
 * undefined when it was filtered out.
 *
 * @example
 * const pipeline: Pipeline = createPipeline({ stats });
 * const kept = pipeline(event);
 */
export type Pipeline = (event: LogEvent) => LogEvent | undefined;

// Records come from JSON, so they have no cycles; this only bounds the
// recursion. Anything deeper is masked whole rather than left unredacted.
const MAX_REDACT_DEPTH = 64;
const TOO_DEEP = '[REDACTED:too-deep]';

/**
 * Makes the filter-and-redact step between decoder and queue. include,
 * exclude and minLevel apply to the `function` and `extension` streams only
 * (platform events are chosen by LOGDRAIN_TYPES); they run first, so
 * dropped events are never redacted. Redaction applies to every event: the
 * message and the record (a string, or every string value of an object,
 * deep). The input is never mutated: a changed event is a new object, an
 * unchanged one is returned as is.
 *
 * @example
 * const pipeline = createPipeline({
 *   exclude: /health-check/,
 *   minLevel: 'INFO',
 *   redact: createRedactor({ names: ['email'], patterns: [] }),
 *   stats,
 * });
 * const event = pipeline(decoded); // undefined when filtered
 */
export function createPipeline(opts: PipelineOptions): Pipeline {
  const include = statelessCopy(opts.include);
  const exclude = statelessCopy(opts.exclude);
  const { minLevel, redact, stats } = opts;

  return (event) => {
    if (event.stream !== 'platform') {
      const level = event.level;
      if (
        (minLevel !== undefined &&
          level !== undefined &&
          !isLevelAtLeast(level, minLevel)) ||
        (include !== undefined && !include.test(event.message)) ||
        (exclude?.test(event.message) ?? false)
      ) {
        stats.filtered += 1;
        return undefined;
      }
    }
    if (redact === undefined) return event;
    const message = redact(event.message);
    const record = redactValue(event.record, redact, 0);
    if (message === event.message && record === event.record) return event;
    return { ...event, message, record };
  };
}

/**
 * `test` on a global or sticky RegExp moves its lastIndex and so depends on
 * the previous call; a copy without those flags always tests the whole text.
 */
function statelessCopy(pattern: RegExp | undefined): RegExp | undefined {
  if (pattern === undefined || !(pattern.global || pattern.sticky)) {
    return pattern;
  }
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
}

/** Copy-on-write: returns `value` itself when nothing inside changed. */
function redactValue(value: unknown, redact: Redactor, depth: number): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_REDACT_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const redacted = redactValue(item, redact, depth + 1);
      if (redacted !== item) {
        copy ??= value.slice();
        copy[i] = redacted;
      }
    }
    return copy ?? value;
  }
  const object = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key in object) {
    const item = object[key];
    const redacted = redactValue(item, redact, depth + 1);
    if (redacted !== item) {
      copy ??= { ...object };
      copy[key] = redacted;
    }
  }
  return copy ?? object;
}
