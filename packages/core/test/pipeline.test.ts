import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../src/log-event.js';
import { createLossStats } from '../src/loss-stats.js';
import { createPipeline } from '../src/pipeline.js';
import { createRedactor } from '../src/redact.js';
import { makeEvent } from './event-helpers.js';

const redactEmail = createRedactor({ names: ['email'], patterns: [] });

function platformEvent(message: string): LogEvent {
  return makeEvent(message, {
    type: 'platform.report',
    stream: 'platform',
    record: { requestId: 'r-1', status: 'success' },
    level: 'INFO',
  });
}

describe('createPipeline: filters', () => {
  it('passes everything and counts nothing without options', () => {
    const stats = createLossStats();
    const pipeline = createPipeline({ stats });
    const event = makeEvent('hello');

    expect(pipeline(event)).toBe(event);
    expect(stats.filtered).toBe(0);
  });

  it('keeps only messages matching include', () => {
    const stats = createLossStats();
    const pipeline = createPipeline({ include: /order/, stats });

    const kept = ['order 1', 'health', 'order 2'].map((m) =>
      pipeline(makeEvent(m))
    );

    expect(kept.map((e) => e?.message)).toEqual([
      'order 1',
      undefined,
      'order 2',
    ]);
    expect(stats.filtered).toBe(1);
  });

  it('drops messages matching exclude', () => {
    const stats = createLossStats();
    const pipeline = createPipeline({ exclude: /health/, stats });

    const kept = ['order 1', 'health', 'healthy'].map((m) =>
      pipeline(makeEvent(m))
    );

    expect(kept.map((e) => e?.message)).toEqual([
      'order 1',
      undefined,
      undefined,
    ]);
    expect(stats.filtered).toBe(2);
  });

  it('drops events below minLevel and keeps events without a level', () => {
    const stats = createLossStats();
    const pipeline = createPipeline({ minLevel: 'WARN', stats });
    const events = [
      makeEvent('debug', { level: 'DEBUG' }),
      makeEvent('info', { level: 'INFO' }),
      makeEvent('warn', { level: 'WARN' }),
      makeEvent('fatal', { level: 'FATAL' }),
      makeEvent('print'),
    ];

    const kept = events.map((e) => pipeline(e)?.message);

    expect(kept).toEqual([undefined, undefined, 'warn', 'fatal', 'print']);
    expect(stats.filtered).toBe(2);
  });

  it('applies filters to extension events too', () => {
    const stats = createLossStats();
    const pipeline = createPipeline({ exclude: /noise/, stats });

    const kept = pipeline(
      makeEvent('noise', { type: 'extension', stream: 'extension' })
    );

    expect(kept).toBeUndefined();
    expect(stats.filtered).toBe(1);
  });

  it('never filters platform events', () => {
    const stats = createLossStats();
    const pipeline = createPipeline({
      include: /nothing-matches/,
      exclude: /REPORT/,
      minLevel: 'FATAL',
      stats,
    });

    const kept = pipeline(platformEvent('REPORT RequestId: r-1'));

    expect(kept?.message).toBe('REPORT RequestId: r-1');
    expect(stats.filtered).toBe(0);
  });

  it('gives the same answer every time for global patterns', () => {
    const stats = createLossStats();
    const pipeline = createPipeline({ include: /order/g, stats });

    const kept = ['order', 'order', 'order'].map((m) => pipeline(makeEvent(m)));

    expect(kept.filter(Boolean)).toHaveLength(3);
  });
});

describe('createPipeline: redaction', () => {
  it('redacts the message and a string record', () => {
    const pipeline = createPipeline({
      redact: redactEmail,
      stats: createLossStats(),
    });
    const event = makeEvent('mail bob@example.com');

    const out = pipeline(event);

    expect(out?.message).toBe('mail [REDACTED:email]');
    expect(out?.record).toBe('mail [REDACTED:email]\n');
    expect(event.message).toBe('mail bob@example.com');
  });

  it('redacts every string of an object record deeply without mutating it', () => {
    const pipeline = createPipeline({
      redact: redactEmail,
      stats: createLossStats(),
    });
    const record = {
      level: 'INFO',
      message: 'user bob@example.com',
      user: { emails: ['a@b.io', 'none'], id: 7 },
      untouched: { note: 'fine' },
    };
    const snapshot = structuredClone(record);
    const event = makeEvent('user bob@example.com', { record });

    const out = pipeline(event);

    expect(out?.record).toEqual({
      level: 'INFO',
      message: 'user [REDACTED:email]',
      user: { emails: ['[REDACTED:email]', 'none'], id: 7 },
      untouched: { note: 'fine' },
    });
    expect((out?.record as typeof record | undefined)?.untouched).toBe(
      record.untouched
    );
    expect(record).toEqual(snapshot);
  });

  it('redacts platform events too', () => {
    const pipeline = createPipeline({
      redact: redactEmail,
      stats: createLossStats(),
    });
    const event = makeEvent('EXTENSION Name: a@b.io', {
      stream: 'platform',
      type: 'platform.extension',
      record: { name: 'a@b.io' },
    });

    const out = pipeline(event);

    expect(out?.message).toBe('EXTENSION Name: [REDACTED:email]');
    expect(out?.record).toEqual({ name: '[REDACTED:email]' });
  });

  it('returns the same event when nothing needed masking', () => {
    const pipeline = createPipeline({
      redact: redactEmail,
      stats: createLossStats(),
    });
    const event = makeEvent('nothing secret', {
      record: { a: ['b', { c: 'd' }], n: null },
    });

    expect(pipeline(event)).toBe(event);
  });

  it('masks records nested deeper than the limit whole', () => {
    const pipeline = createPipeline({
      redact: redactEmail,
      stats: createLossStats(),
    });
    let record: unknown = 'a@b.io';
    for (let i = 0; i < 100; i++) record = { d: record };

    const out = pipeline(makeEvent('deep', { record }));

    expect(JSON.stringify(out?.record)).toContain('[REDACTED:too-deep]');
    expect(JSON.stringify(out?.record)).not.toContain('a@b.io');
  });

  it('does not redact filtered events', () => {
    let calls = 0;
    const pipeline = createPipeline({
      exclude: /drop/,
      redact: (text) => {
        calls += 1;
        return text;
      },
      stats: createLossStats(),
    });

    pipeline(makeEvent('drop me'));

    expect(calls).toBe(0);
  });
});
