import { describe, expect, it } from 'vitest';
import { joinEventsJson } from '../src/events-json.js';
import type { LogEvent } from '../src/log-event.js';
import { loadFixture, makeEvent, TEST_CONTEXT } from './event-helpers.js';

const plain = (events: readonly LogEvent[], separator: string) =>
  events.map((event) => JSON.stringify(event)).join(separator);

describe('joinEventsJson', () => {
  it('is exactly the JSON of each event joined, for both separators', () => {
    const events = [
      makeEvent('first\twith a tab', { level: 'INFO', requestId: 'r-1' }),
      makeEvent('"quoted" \u2028 ünïcode 🎉'),
      makeEvent('object record', {
        type: 'platform.report',
        stream: 'platform',
        record: loadFixture('telemetry-platform-report').record,
      }),
    ];

    expect(joinEventsJson(events, ',')).toBe(plain(events, ','));
    expect(joinEventsJson(events, '\n')).toBe(plain(events, '\n'));
    expect(JSON.parse(`[${joinEventsJson(events, ',')}]`)).toEqual(
      JSON.parse(JSON.stringify(events))
    );
  });

  it('keeps the key order of events built with a different shape', () => {
    const { context, ...rest } = makeEvent('context first');
    const reordered = { context, ...rest, extra: 1 } as LogEvent;

    expect(joinEventsJson([reordered], ',')).toBe(plain([reordered], ','));
  });

  it('serializes events with another context object as they are', () => {
    const other = { ...TEST_CONTEXT, functionName: 'billing' };
    const events = [
      makeEvent('a'),
      makeEvent('b', { context: other }),
      makeEvent('c'),
    ];

    expect(joinEventsJson(events, ',')).toBe(plain(events, ','));
    // The context memo follows the batch's own context.
    const others = [makeEvent('d', { context: other })];
    expect(joinEventsJson(others, '\n')).toBe(plain(others, '\n'));
  });

  it('falls back to the plain way when a record contains the marker', () => {
    const events = [
      makeEvent('x', { record: '\u0000logdrain:context\u0000' }),
      makeEvent('y', { record: { nested: '\u0000logdrain:context\u0000' } }),
    ];

    expect(joinEventsJson(events, ',')).toBe(plain(events, ','));
    expect(joinEventsJson(events, '\n')).toBe(plain(events, '\n'));
  });

  it('gives an empty text for no events', () => {
    expect(joinEventsJson([], ',')).toBe('');
  });
});
