/**
 * The log level at which a logdrain layer says, for each invoke, that it
 * flushed before calling /next (core's invoke-loop.ts: one debug line, or
 * a warn line the first time a slow destination held it).
 */
export const HELD_NEXT_ENV = { LOGDRAIN_LOG_LEVEL: 'debug' } as const;

const HELD_MESSAGES = new Set([
  'flushed before next',
  'the destination is slower than the function logs: /next was held while records were sent',
]);

/**
 * The request ids of the invokes whose /next the layer held, from the JSON
 * lines it wrote (the sandbox's extensionOutput); other lines are skipped.
 */
export function heldRequestIds(output: readonly string[]): Set<string> {
  const ids = new Set<string>();
  for (const line of output) {
    if (!line.startsWith('{')) continue;
    let entry: { msg?: unknown; requestId?: unknown };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof entry.msg !== 'string' || !HELD_MESSAGES.has(entry.msg)) {
      continue;
    }
    if (typeof entry.requestId === 'string') ids.add(entry.requestId);
  }
  return ids;
}
