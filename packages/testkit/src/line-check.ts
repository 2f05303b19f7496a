/**
 * The lines an app's `lines-handler.mjs` writes: `<tag> line <n>` for n
 * from 0 to `lines - 1`, tag after tag.
 *
 * @example
 * expectedLines(['a', 'b'], 2); // ['a line 0', 'a line 1', 'b line 0', 'b line 1']
 */
export function expectedLines(
  tags: readonly string[],
  lines: number
): string[] {
  return tags.flatMap((tag) =>
    Array.from({ length: lines }, (_, n) => `${tag} line ${n}`)
  );
}

/**
 * How delivered lines compare with the expected ones.
 *
 * @example
 * const check: LineCheck = compareLines(received, expected);
 */
export interface LineCheck {
  readonly received: number;
  readonly missing: number;
  /** Distinct lines received more than once. */
  readonly duplicated: number;
  readonly unexpected: number;
  /** Only with `{ order: true }`: all of them, once each, in order. */
  readonly inOrder?: boolean;
}

/**
 * Counts received, missing, duplicated and unexpected lines; with
 * `{ order: true }` also whether `received` is exactly `expected`.
 *
 * @example
 * expect(compareLines(received, expectedLines(tags, 200))).toEqual({ received: 400, missing: 0, duplicated: 0, unexpected: 0 });
 */
export function compareLines(
  received: readonly string[],
  expected: readonly string[],
  opts: { order?: boolean } = {}
): LineCheck {
  const seen = new Map<string, number>();
  for (const line of received) seen.set(line, (seen.get(line) ?? 0) + 1);
  const expectedSet = new Set(expected);
  const check = {
    received: received.length,
    missing: expected.filter((line) => !seen.has(line)).length,
    duplicated: [...seen.values()].filter((count) => count > 1).length,
    unexpected: [...seen.keys()].filter((line) => !expectedSet.has(line))
      .length,
  };
  if (!opts.order) return check;
  return {
    ...check,
    inOrder:
      received.length === expected.length &&
      received.every((line, n) => line === expected[n]),
  };
}
