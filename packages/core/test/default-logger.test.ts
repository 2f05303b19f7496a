import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/default-logger.js';

function capture(level: Parameters<typeof createLogger>[0]['level']) {
  const lines: string[] = [];
  const log = createLogger({
    level,
    component: 'logdrain-test',
    write: (line) => lines.push(line),
    nowMs: () => Date.UTC(2026, 0, 20, 9, 14, 2, 700),
  });
  return { lines, log };
}

describe('createLogger', () => {
  it('writes one JSON line with time, level, component, msg and fields', () => {
    const { lines, log } = capture('debug');

    log.warn('fell back', { variable: 'LOGDRAIN_FLUSH' });

    expect(lines).toEqual([
      '{"time":"2026-01-20T09:14:02.700Z","level":"warn","component":"logdrain-test","msg":"fell back","variable":"LOGDRAIN_FLUSH"}\n',
    ]);
  });

  it('drops entries below its level', () => {
    const { lines, log } = capture('warn');

    log.debug('a');
    log.info('b');
    log.warn('c');
    log.error('d');

    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['c', 'd']);
  });

  it('writes nothing when silent', () => {
    const { lines, log } = capture('silent');

    log.error('lost');

    expect(lines).toHaveLength(0);
  });

  it('names a child component after its parent', () => {
    const { lines, log } = capture('info');

    log.child('listener').info('up');

    expect(JSON.parse(lines[0] ?? '{}').component).toBe(
      'logdrain-test.listener'
    );
  });

  it('serialises errors and survives fields that JSON cannot hold', () => {
    const { lines, log } = capture('info');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;

    log.error('failed', {
      error: Object.assign(new Error('boom'), { code: 'ECONNRESET' }),
    });
    log.error('cyclic', { cyclic, big: 10n });

    expect(JSON.parse(lines[0] ?? '{}').error).toEqual({
      name: 'Error',
      message: 'boom',
      code: 'ECONNRESET',
    });
    expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({
      msg: 'cyclic',
      fieldsError: 'fields not serialisable',
    });
  });

  it('keeps the base keys when fields reuse their names', () => {
    const { lines, log } = capture('info');

    log.info('real', { msg: 'fake', level: 'fake' });

    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      msg: 'real',
      level: 'info',
    });
  });

  it('does not throw when the writer throws', () => {
    const log = createLogger({
      level: 'info',
      component: 'x',
      write: () => {
        throw new Error('EPIPE');
      },
    });

    expect(() => log.error('still fine')).not.toThrow();
  });
});
