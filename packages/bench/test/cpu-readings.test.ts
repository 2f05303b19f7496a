import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  busyShare,
  parseProcStat,
  parseSchedstat,
  threadCpuMs,
} from '../src/measure/cpu-readings.js';

const PROC_STAT = `cpu  4000 100 600 2800 200 10 20 70 5 0
cpu0 2000 50 300 1400 100 5 10 35 5 0
intr 1 2 3
`;

describe('parseProcStat', () => {
  it('sums the first eight fields of the cpu line; idle and iowait are not busy', () => {
    // 4000+100+600+2800+200+10+20+70: guest (5) is already inside user.
    expect(parseProcStat(PROC_STAT)).toEqual({ busy: 4800, total: 7800 });
  });

  it('refuses a text without a cpu line', () => {
    expect(() => parseProcStat('intr 1 2 3\n')).toThrow(
      '/proc/stat has no cpu line'
    );
  });
});

describe('busyShare', () => {
  it('is the busy ticks over all ticks between two readings, to 3 places', () => {
    const from = { busy: 4800, total: 7800 };
    expect(busyShare(from, { busy: 4900, total: 8100 })).toBe(0.333);
    expect(busyShare(from, { busy: 5100, total: 8100 })).toBe(1);
    expect(busyShare(from, from)).toBeUndefined();
  });
});

describe('parseSchedstat', () => {
  it('reads the first field (ns on the CPU) as ms', () => {
    expect(parseSchedstat('237182296 344386356 67\n')).toBe(237.182296);
  });
});

describe('threadCpuMs', () => {
  it("counts the calling thread only: a worker's busy loop is not the main thread's", async () => {
    const threadBefore = threadCpuMs() ?? 0;
    const processBefore = process.cpuUsage();
    const worker = new Worker(
      // Busy until this thread itself has run 300 ms on a CPU.
      `const { readFileSync } = require('node:fs');
       const ns = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
       const until = ns() + 300e6;
       while (ns() < until) {}
       require('node:worker_threads').parentPort.postMessage('done');`,
      { eval: true }
    );
    await new Promise((resolve) => worker.once('message', resolve));
    await worker.terminate();
    const threadMs = (threadCpuMs() ?? 0) - threadBefore;
    const usage = process.cpuUsage(processBefore);
    const processMs = (usage.user + usage.system) / 1000;

    expect(processMs).toBeGreaterThan(300);
    expect(threadMs).toBeGreaterThan(0);
    expect(threadMs).toBeLessThan(processMs - 250);
  });
});
