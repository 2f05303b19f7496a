import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers.js';
import { startHeldEnvironment } from './support/held-environment.js';
import { subscribeHeld, subscription } from './support/subscribed-extension.js';
import {
  type DeliveredEvent,
  startTelemetryListener,
  type TelemetryListener,
  waitFor,
} from './support/telemetry-listener.js';

const LEVELS_HANDLER = join(FIXTURES, 'levels-handler.mjs');
const LAST_RAW = 'raw json odd level';

/**
 * Runs levels-handler.mjs once with one held subscriber per schema version
 * (types function and extension); returns what each received.
 */
async function records(opts: {
  logFormat: 'Text' | 'JSON';
  schemas: string[];
  env?: Record<string, string>;
}) {
  const listeners: TelemetryListener[] = [];
  const names = opts.schemas.map((_, n) => `ext-${n}`);
  await using env = await startHeldEnvironment({
    extensions: names,
    handler: LEVELS_HANDLER,
    sandbox: { logFormat: opts.logFormat, env: opts.env },
  });
  for (const [n, schemaVersion] of opts.schemas.entries()) {
    const listener = await startTelemetryListener();
    listeners.push(listener);
    await subscribeHeld(
      await env.extension(names[n] as string),
      subscription({
        port: listener.httpPort,
        types: ['function', 'extension'],
        schemaVersion,
      }),
      {
        beforeExit: () =>
          waitFor(
            () => listener.posts.some((p) => p.text.includes(LAST_RAW)),
            'the last raw line'
          ),
      }
    );
  }
  const sandbox = await env.started;
  const result = await sandbox.invoke({});
  await sandbox.shutdown();
  const received = listeners.map((l) => l.events());
  for (const listener of listeners) await listener[Symbol.asyncDispose]();
  return { requestId: result.requestId, received };
}

const fn = (events: DeliveredEvent[]) =>
  events.filter((e) => e.type === 'function').map((e) => e.record);
const isFramed = (r: unknown) =>
  typeof r === 'object' || /^\d{4}-.*\t/.test(String(r));

describe('spec 4.7 function and extension records, log formats and levels', {
  timeout: 60_000,
}, () => {
  it('Text format: "<time>\\t<requestId>\\t<LEVEL>\\t<message>\\n" per console call (one record for two lines), raw lines as written', async () => {
    const { requestId, received } = await records({
      logFormat: 'Text',
      schemas: ['2025-01-29'],
    });
    const events = received[0] as DeliveredEvent[];

    const framed = events.filter(
      (e) => e.type === 'function' && isFramed(e.record)
    );
    expect(
      framed.map((e) => {
        const [time, id, level, message] = String(e.record).split('\t');
        expect(time).toBe(e.time);
        expect(id).toBe(requestId);
        return [level, message];
      })
    ).toEqual([
      ['DEBUG', 'at debug\n'],
      ['INFO', 'at info\n'],
      ['INFO', 'at log\n'],
      ['WARN', 'at warn\n'],
      ['ERROR', 'at error\n'],
      ['INFO', 'first line\nsecond line\n'],
    ]);
    expect(fn(events).filter((r) => !isFramed(r))).toEqual([
      'plain raw line\n',
      '{"level":"warn","message":"raw json warn"}\n',
      '{"level":"LOUD","message":"raw json odd level"}\n',
    ]);
    expect(
      events.filter((e) => e.type === 'extension').map((e) => e.record)
    ).toEqual(['[ext-0] held\n']);
  });

  it('JSON format: objects for schema 2022-12-13 and later, strings for 2022-07-01; raw JSON gets a valid level', async () => {
    const { requestId, received } = await records({
      logFormat: 'JSON',
      schemas: ['2025-01-29', '2022-12-13', '2022-07-01'],
    });
    const [modern, middle, legacy] = received as DeliveredEvent[][];

    const objects = fn(modern as DeliveredEvent[]);
    expect(fn(middle as DeliveredEvent[])).toEqual(objects);
    const framed = objects.filter(
      (r) => typeof r === 'object' && 'requestId' in (r as object)
    );
    expect(framed).toEqual(
      [
        ['DEBUG', 'at debug'],
        ['INFO', 'at info'],
        ['INFO', 'at log'],
        ['WARN', 'at warn'],
        ['ERROR', 'at error'],
        ['INFO', 'first line\nsecond line'],
      ].map(([level, message]) => ({
        timestamp: expect.stringMatching(/Z$/),
        level,
        requestId,
        message,
      }))
    );
    const raw = objects.filter(
      (r) => typeof r === 'string' || !('requestId' in (r as object))
    );
    expect(raw).toEqual([
      'plain raw line\n',
      {
        level: 'WARN',
        message: 'raw json warn',
        timestamp: expect.any(String),
      },
      {
        level: 'INFO',
        message: 'raw json odd level',
        timestamp: expect.any(String),
      },
    ]);
    const strings = fn(legacy as DeliveredEvent[]);
    expect(strings.every((r) => typeof r === 'string')).toBe(true);
    expect(strings).toHaveLength(objects.length);
    expect(strings).toContain('{"level":"warn","message":"raw json warn"}\n');
    expect(JSON.parse(strings[0] as string)).toMatchObject({
      level: 'DEBUG',
      message: 'at debug',
    });
  });

  it('JSON format with AWS_LAMBDA_LOG_LEVEL=WARN: the runtime drops what is below WARN', async () => {
    const { received } = await records({
      logFormat: 'JSON',
      schemas: ['2025-01-29'],
      env: { AWS_LAMBDA_LOG_LEVEL: 'WARN' },
    });

    const framed = fn(received[0] as DeliveredEvent[]).filter(
      (r) => typeof r === 'object' && 'requestId' in (r as object)
    );
    expect(framed.map((r) => (r as { message: string }).message)).toEqual([
      'at warn',
      'at error',
    ]);
  });
});
