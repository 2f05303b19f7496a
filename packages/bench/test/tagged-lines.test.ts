import { describe, expect, it } from 'vitest';
import { TaggedLines } from '../src/targets/tagged-lines.js';

const record = (type: string, message: string) =>
  JSON.stringify({
    time: '2026-11-27T08:00:00.000Z',
    type,
    message,
    level: 'INFO',
  });

describe('TaggedLines', () => {
  it('counts the distinct lines of each tag in JSON arrays and NDJSON', () => {
    const lines = new TaggedLines();

    lines.add(
      `[${[
        record('function', 't-a 0.0 xxxx'),
        record('function', 't-a 0.1 xxxx'),
        record('platform.start', 'START RequestId: 8f5e Version: $LATEST'),
        record('function', 't-b 0.0 xxxx'),
      ].join(',')}]`
    );
    lines.add(
      `${record('function', 't-a 0.1 xxxx')}\n${record('function', 't-a 1.0 xx "quoted" x')}\n`
    );

    expect(lines.count('t-a')).toBe(3);
    expect(lines.count('t-b')).toBe(1);
    expect(lines.count('t-c')).toBe(0);
  });

  it('takes a line id that ends the message', () => {
    const lines = new TaggedLines();

    lines.add(
      `[${record('function', 't-a 7.9')},${record('function', 't-a 7.9')}]`
    );

    expect(lines.count('t-a')).toBe(1);
  });
});
