import { describe, expect, it } from 'vitest';
import { deferDestination } from '../src/deferred-destination.js';
import type { Destination, SendContext } from '../src/destination.js';
import { createRecordingLogger, makeEvent } from './event-helpers.js';

const limits = { maxBatchBytes: 1_000, maxBatchItems: 10 };
const ctx: SendContext = {
  signal: new AbortController().signal,
  attempt: 1,
  log: createRecordingLogger(),
};

function memoryDestination(sent: string[], closed: string[]): Destination {
  return {
    name: 'memory',
    limits,
    async send(batch) {
      sent.push(...batch.map((e) => e.message));
      return { status: 'delivered' };
    },
    async close() {
      closed.push('closed');
    },
  };
}

describe('deferDestination', () => {
  it('loads nothing until the first send, then loads once', async () => {
    const sent: string[] = [];
    const closed: string[] = [];
    let loads = 0;
    const destination = deferDestination({
      name: 'memory',
      limits,
      load: async () => {
        loads += 1;
        return memoryDestination(sent, closed);
      },
    });

    expect(destination.name).toBe('memory');
    expect(destination.limits).toBe(limits);
    expect(loads).toBe(0);
    const outcomes = await Promise.all([
      destination.send([makeEvent('a')], ctx),
      destination.send([makeEvent('b')], ctx),
    ]);
    await destination.close?.();

    expect(outcomes).toEqual([
      { status: 'delivered' },
      { status: 'delivered' },
    ]);
    expect(loads).toBe(1);
    expect(sent).toEqual(['a', 'b']);
    expect(closed).toEqual(['closed']);
  });

  it('answers retry naming a failed load, and loads again on the next send', async () => {
    const sent: string[] = [];
    let loads = 0;
    const destination = deferDestination({
      name: 'memory',
      limits,
      load: async () => {
        loads += 1;
        if (loads === 1) throw new Error('no route to host');
        return memoryDestination(sent, []);
      },
    });

    const first = await destination.send([makeEvent('a')], ctx);
    const second = await destination.send([makeEvent('a')], ctx);

    expect(first).toEqual({
      status: 'retry',
      reason: 'loading the memory destination failed: no route to host',
    });
    expect(second).toEqual({ status: 'delivered' });
    expect(sent).toEqual(['a']);
  });

  it('closes without loading when nothing was sent, also after a failed load', async () => {
    let loads = 0;
    const idle = deferDestination({
      name: 'memory',
      limits,
      load: async () => {
        loads += 1;
        return memoryDestination([], []);
      },
    });
    await idle.close?.();

    const failing = deferDestination({
      name: 'memory',
      limits,
      load: () => Promise.reject('not an Error'),
    });
    const outcome = await failing.send([makeEvent('a')], ctx);
    await failing.close?.();

    expect(loads).toBe(0);
    expect(outcome).toEqual({
      status: 'retry',
      reason: 'loading the memory destination failed: not an Error',
    });
  });
});
