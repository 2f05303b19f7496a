import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/default-logger.js';
import { createLossStats } from '../src/loss-stats.js';
import { startTcpListener } from '../src/tcp-listener.js';

async function start(maxLineBytes?: number) {
  const events: unknown[] = [];
  const stats = createLossStats();
  const tcp = await startTcpListener({
    host: '127.0.0.1',
    port: 0,
    stats,
    log: createLogger({ level: 'silent', component: 'test' }),
    onEvents: (batch) => events.push(...batch),
    ...(maxLineBytes === undefined ? {} : { maxLineBytes }),
  });
  return { tcp, events, stats };
}

function send(port: number, chunks: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', async () => {
      for (const chunk of chunks) {
        socket.write(chunk);
        await new Promise((r) => setImmediate(r));
      }
      socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve());
  });
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((r) => setImmediate(r));
}

describe('startTcpListener', () => {
  it('decodes one JSON event per line, across chunk boundaries', async () => {
    const { tcp, events, stats } = await start();

    await send(tcp.port, [
      '{"type":"function","record":"a"}\n{"type":"func',
      'tion","record":"b"}\n',
      '{"type":"function","record":"c"}',
    ]);
    await settle();
    await tcp.close();

    expect(events).toEqual([
      { type: 'function', record: 'a' },
      { type: 'function', record: 'b' },
      { type: 'function', record: 'c' },
    ]);
    expect(stats.unparseable).toBe(0);
  });

  it('counts lines that are not JSON objects and skips blank ones', async () => {
    const { tcp, events, stats } = await start();

    await send(tcp.port, ['nope\n\n[1]\n{"type":"function","record":"ok"}\n']);
    await settle();
    await tcp.close();

    expect(events).toEqual([{ type: 'function', record: 'ok' }]);
    expect(stats.unparseable).toBe(2);
  });

  it('skips and counts a line longer than the cap', async () => {
    const { tcp, events, stats } = await start(64);

    await send(tcp.port, [
      `{"record":"${'x'.repeat(40)}`,
      `${'y'.repeat(40)}`,
      `${'z'.repeat(40)}"}\n{"type":"function","record":"after"}\n`,
    ]);
    await settle();
    await tcp.close();

    expect(events).toEqual([{ type: 'function', record: 'after' }]);
    expect(stats.unparseable).toBe(1);
  });
});
