import { describe, expect, it } from 'vitest';
import { extensionLog } from '../src/extension-log.js';
import { compareLines, expectedLines } from '../src/line-check.js';

describe('compareLines', () => {
  it('counts missing, duplicated and unexpected lines', () => {
    const expected = expectedLines(['a', 'b'], 2);

    const check = compareLines(
      ['b line 1', 'a line 0', 'a line 0', 'a line 0', 'c line 0'],
      expected
    );

    expect(expected).toEqual(['a line 0', 'a line 1', 'b line 0', 'b line 1']);
    expect(check).toEqual({
      received: 5,
      missing: 2,
      duplicated: 1,
      unexpected: 1,
    });
  });

  it('tells whether every line came once, in order, when asked', () => {
    const expected = expectedLines(['a'], 3);

    const inOrder = compareLines(expected, expected, { order: true });
    const swapped = compareLines(
      ['a line 1', 'a line 0', 'a line 2'],
      expected,
      { order: true }
    );

    expect(inOrder.inOrder).toBe(true);
    expect(swapped).toEqual({
      received: 3,
      missing: 0,
      duplicated: 0,
      unexpected: 0,
      inOrder: false,
    });
  });
});

describe('extensionLog', () => {
  it('keeps the JSON entries that have a message', () => {
    const entries = extensionLog({
      extensionOutput: [
        '{"level":"warn","msg":"lost 3 lines","lost":3}',
        'not json',
        '{"level":"info"}',
        '[1]',
      ],
    });

    expect(entries).toEqual([{ level: 'warn', msg: 'lost 3 lines', lost: 3 }]);
  });
});
