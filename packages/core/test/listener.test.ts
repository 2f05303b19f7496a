import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/default-logger.js';
import {
  resolveListenerHost,
  SANDBOX_HOSTNAME,
  startListener,
} from '../src/listener.js';
import { createLossStats } from '../src/loss-stats.js';

async function start(
  opts: { maxBodyBytes?: number; nowMs?: () => number } = {}
) {
  const batches: unknown[][] = [];
  const logLines: string[] = [];
  const stats = createLossStats();
  const listener = await startListener({
    host: '127.0.0.1',
    port: 0,
    stats,
    log: createLogger({
      level: 'debug',
      component: 'test',
      write: (line) => logLines.push(line),
    }),
    onEvents: (events) => batches.push(events),
    ...opts,
  });
  const post = (body: string | Buffer, path = '/'): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: listener.port, path, method: 'POST' },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        }
      );
      req.on('error', reject);
      req.end(body);
    });
  return {
    batches,
    logLines,
    stats,
    listener,
    post,
    [Symbol.asyncDispose]: () => listener.close(),
  };
}

const event = (n: number) => ({
  time: '2026-01-20T09:14:02.700Z',
  type: 'function',
  record: `line ${n}`,
});

describe('startListener', () => {
  it('hands a parsed batch to onEvents and answers 200', async () => {
    await using server = await start();

    const status = await server.post(JSON.stringify([event(1), event(2)]));

    expect(status).toBe(200);
    expect(server.batches).toEqual([[event(1), event(2)]]);
    expect(server.listener.lastBodyAtMs).toBeTypeOf('number');
  });

  it('accepts any path', async () => {
    await using server = await start();

    const status = await server.post(JSON.stringify([event(1)]), '/telemetry');

    expect(status).toBe(200);
    expect(server.batches).toHaveLength(1);
  });

  it('answers 200 to a malformed body, counts it once it is given up, and warns once', async () => {
    await using server = await start();

    const first = await server.post('{{ not json');
    const second = await server.post(JSON.stringify([event(3)]));
    await server.post('also bad');
    await server.post(JSON.stringify([event(4)]));

    expect([first, second]).toEqual([200, 200]);
    expect(server.stats.unparseable).toBe(2);
    expect(server.batches).toEqual([[event(3)], [event(4)]]);
    const warnings = server.logLines.filter((l) => l.includes('"warn"'));
    expect(warnings).toHaveLength(1);
  });

  it('stitches a batch Lambda cut across two POSTs', async () => {
    await using server = await start();
    const text = JSON.stringify([
      event(1),
      { ...event(2), record: 'é'.repeat(300) },
    ]);
    const bytes = Buffer.from(text);

    await server.post(bytes.subarray(0, 101));
    await server.post(bytes.subarray(101));

    expect(server.batches).toEqual([JSON.parse(text)]);
    expect(server.stats.unparseable).toBe(0);
  });

  it('stitches the rest of a cut record that arrives hours later', async () => {
    let now = Date.parse('2026-01-20T09:14:02.700Z');
    await using server = await start({ nowMs: () => now });
    const text = JSON.stringify([event(1), event(2)]);

    await server.post(text.slice(0, 50));
    now += 3 * 60 * 60 * 1_000;
    await server.post(text.slice(50));

    expect(server.batches).toEqual([[event(1), event(2)]]);
    expect(server.stats.unparseable).toBe(0);
  });

  it('counts a held part and an over-cap body that came instead of its rest', async () => {
    await using server = await start({ maxBodyBytes: 1_000 });
    const text = JSON.stringify([event(1), event(2)]);

    await server.post(text.slice(0, 50));
    await server.post(`[${'"x",'.repeat(400)}"x"]`);
    const counted = server.stats.unparseable;
    await server.post(text);

    expect(counted).toBe(2);
    expect(server.stats.unparseable).toBe(2);
    expect(server.batches).toEqual([[event(1), event(2)]]);
  });

  it('reads, discards and counts a body over the cap, then carries on', async () => {
    await using server = await start({ maxBodyBytes: 1_000 });

    const status = await server.post(`[${'"x",'.repeat(400)}"x"]`);
    await server.post(JSON.stringify([event(5)]));

    expect(status).toBe(200);
    expect(server.stats.unparseable).toBe(1);
    expect(server.batches).toEqual([[event(5)]]);
  });

  it('keeps answering 200 when onEvents throws', async () => {
    const stats = createLossStats();
    const listener = await startListener({
      host: '127.0.0.1',
      port: 0,
      stats,
      log: createLogger({ level: 'silent', component: 'test' }),
      onEvents: () => {
        throw new Error('bug');
      },
    });

    const status = await new Promise<number>((resolve) => {
      const req = request(
        { host: '127.0.0.1', port: listener.port, method: 'POST' },
        (res) => resolve(res.statusCode ?? 0)
      );
      req.end('[]'.replace('[]', JSON.stringify([event(1)])));
    });
    await listener.close();

    expect(status).toBe(200);
  });

  it('counts a held partial body when it closes', async () => {
    const server = await start();
    await server.post('[{"type":"function","rec');

    await server.listener.close();

    expect(server.stats.unparseable).toBe(1);
  });

  it('fails with LISTENER_FAILED when the port is taken', async () => {
    await using server = await start();

    const attempt = startListener({
      host: '127.0.0.1',
      port: server.listener.port,
      stats: createLossStats(),
      log: createLogger({ level: 'silent', component: 'test' }),
      onEvents: () => {},
    });

    await expect(attempt).rejects.toMatchObject({ code: 'LISTENER_FAILED' });
  });
});

describe('resolveListenerHost', () => {
  it('prefers the configured host', () => {
    const host = resolveListenerHost({
      host: '0.0.0.0',
      readHosts: () => `169.254.100.1 ${SANDBOX_HOSTNAME}\n`,
    });

    expect(host).toBe('0.0.0.0');
  });

  it('binds to the address the hosts file gives sandbox.localdomain', () => {
    const host = resolveListenerHost({
      readHosts: () =>
        `127.0.0.1 localhost\n# 10.0.0.9 ${SANDBOX_HOSTNAME}\n169.254.100.1 sandbox ${SANDBOX_HOSTNAME}\n`,
    });

    expect(host).toBe('169.254.100.1');
  });

  it('binds to 127.0.0.1 when the hosts file does not list the name', () => {
    expect(
      resolveListenerHost({ readHosts: () => '127.0.0.1 localhost\n' })
    ).toBe('127.0.0.1');
  });

  it('binds to 127.0.0.1 when there is no hosts file', () => {
    expect(resolveListenerHost({ readHosts: () => undefined })).toBe(
      '127.0.0.1'
    );
  });
});
