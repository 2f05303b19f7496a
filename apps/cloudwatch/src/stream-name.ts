import type { FunctionContext } from '@logdrain/core';

/** The placeholders a log stream template may use. */
export const STREAM_PLACEHOLDERS = [
  'yyyy',
  'mm',
  'dd',
  'function',
  'version',
  'instanceId',
] as const;

const PLACEHOLDER = /\{([^{}]*)\}/g;
// Stream names: 1-512 characters, no ':' or '*'.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html
const MAX_STREAM_NAME_LENGTH = 512;
// Room for the longest values: function names are at most 64 characters.
const MAX_TEMPLATE_LENGTH = 400;

/**
 * What is wrong with a stream template, as the `allowed` text of a config
 * problem, or undefined when it is usable.
 *
 * @example
 * checkStreamTemplate('{yyyy}/{mm}/{dd}/{nope}'); // → 'a stream name …'
 */
export function checkStreamTemplate(template: string): string | undefined {
  const allowed = `a stream name of at most ${MAX_TEMPLATE_LENGTH} characters without ':' or '*', with placeholders among ${STREAM_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`;
  if (template.length > MAX_TEMPLATE_LENGTH || /[:*]/.test(template)) {
    return allowed;
  }
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if (!(STREAM_PLACEHOLDERS as readonly string[]).includes(name ?? '')) {
      return allowed;
    }
  }
  return undefined;
}

/**
 * Expands a checked template for one execution environment. The date is
 * the day the environment started (UTC), as in Lambda's own stream names:
 * one environment writes one stream for its whole life.
 *
 * @example
 * expandStreamName({ template: '{yyyy}/{mm}/{dd}/logdrain/{instanceId}', context, startMs: Date.now() });
 * // → '2026/11/27/logdrain/6f1c2a9e'
 */
export function expandStreamName(opts: {
  readonly template: string;
  readonly context: FunctionContext;
  readonly startMs: number;
}): string {
  const date = new Date(opts.startMs).toISOString();
  const values: Record<string, string> = {
    yyyy: date.slice(0, 4),
    mm: date.slice(5, 7),
    dd: date.slice(8, 10),
    function: opts.context.functionName,
    version: opts.context.functionVersion,
    instanceId: opts.context.instanceId,
  };
  const name = opts.template
    .replace(PLACEHOLDER, (_, key: string) => values[key] ?? '')
    .replace(/[:*]/g, '-')
    .slice(0, MAX_STREAM_NAME_LENGTH);
  return name === '' ? opts.context.instanceId : name;
}
