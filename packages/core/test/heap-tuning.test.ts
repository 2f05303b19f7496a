import { execFileSync } from 'node:child_process';
import { PerformanceObserver } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import {
  capHeap,
  OLD_GENERATION_FLAG,
  OPTIMIZER_FLAG,
  YOUNG_GENERATION_CAP_BYTES,
} from '../src/heap-tuning.js';

const MIB = 1024 * 1024;

/** 400,000 lines of 100 bytes while 10,000 to 20,000 stay alive. */
async function flood(): Promise<void> {
  const kept: { line: string; n: number }[] = [];
  for (let i = 0; i < 400_000; i++) {
    kept.push({ line: `line ${i}`.padEnd(100, 'x'), n: i });
    if (kept.length > 20_000) kept.splice(0, 10_000);
    // Lines arrive in requests: the event loop turns between them.
    if (i % 1_000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

// The same flood in a fresh process, with flags set at run time; prints
// the young generation's final size and the whole heap's peak. A child
// process: the flags would change the heap of the process running tests.
const FLOOD_IN_CHILD = `
const v8 = require('node:v8');
for (const flag of process.argv.slice(1)) v8.setFlagsFromString(flag);
const kept = [];
let heap = 0;
for (let i = 0; i < 400000; i++) {
  kept.push({ line: ('line ' + i).padEnd(100, 'x'), n: i });
  if (kept.length > 20000) kept.splice(0, 10000);
  if (i % 1000 === 0) heap = Math.max(heap, v8.getHeapStatistics().total_heap_size);
}
const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
process.stdout.write(JSON.stringify({ young: young.space_size, heap }));
`;

function heapAfterFloodInChild(flags: readonly string[]): {
  young: number;
  heap: number;
} {
  const out = execFileSync(
    process.execPath,
    ['-e', FLOOD_IN_CHILD, '--', ...flags],
    { encoding: 'utf8' }
  );
  return JSON.parse(out);
}

// A hot function in a fresh process with flags set at run time; prints
// whether TurboFan compiled it (V8's status bit kTurboFanned, 1 << 6).
// Compiled on the main thread, so the answer does not wait on a thread.
const HOT_FUNCTION_IN_CHILD = `
const v8 = require('node:v8');
for (const flag of process.argv.slice(1)) v8.setFlagsFromString(flag);
function sum(values) { let total = 0; for (const v of values) total += v; return total; }
const values = Array.from({ length: 100 }, (_, i) => i);
let total = 0;
for (let i = 0; i < 200000; i++) total += sum(values);
process.stdout.write(String((%GetOptimizationStatus(sum) & 64) !== 0));
`;

function turbofannedInChild(flags: readonly string[]): boolean {
  const out = execFileSync(
    process.execPath,
    [
      '--allow-natives-syntax',
      '--no-concurrent-recompilation',
      '-e',
      HOT_FUNCTION_IN_CHILD,
      '--',
      ...flags,
    ],
    { encoding: 'utf8' }
  );
  return out === 'true';
}

const youngBytes = () =>
  v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')
    ?.space_size ?? 0;

describe('capHeap', () => {
  it('stops the young generation from growing past the cap', async () => {
    const untuned = heapAfterFloodInChild([]);
    const before = youngBytes();

    capHeap({ ...v8, PerformanceObserver, nodeVersion: process.version });
    await flood();

    expect(untuned.young).toBeGreaterThanOrEqual(16 * MIB);
    // One doubling may come before the observer hears of the GC.
    expect(youngBytes()).toBeLessThanOrEqual(
      Math.max(before, 2 * YOUNG_GENERATION_CAP_BYTES)
    );
  });

  it('sets an old generation flag that keeps the heap of a flood a third smaller', () => {
    const youngOnly = ['--semi-space-growth-factor=1'];

    const without = heapAfterFloodInChild(youngOnly);
    const tuned = heapAfterFloodInChild([...youngOnly, OLD_GENERATION_FLAG]);

    // Measured quietly: 40 to 44 MiB without, 23 to 25 MiB with; a test
    // run beside other work once peaked at 27.4 MiB with.
    expect(without.heap).toBeGreaterThanOrEqual(32 * MIB);
    expect(tuned.heap).toBeLessThan(without.heap * 0.75);
  });

  it('sets a flag that keeps a hot function out of TurboFan', () => {
    expect(turbofannedInChild([])).toBe(true);
    expect(turbofannedInChild([OPTIMIZER_FLAG])).toBe(false);
  });

  it('turns TurboFan off from Node 24 on, where Maglev runs', () => {
    const flagsOn = (nodeVersion: string) => {
      const flags: string[] = [];
      capHeap({
        setFlagsFromString: (flag) => flags.push(flag),
        getHeapSpaceStatistics: () => [],
        // Never hears of a GC: only the flags set at once are seen.
        PerformanceObserver: class {
          observe() {}
        } as unknown as typeof PerformanceObserver,
        nodeVersion,
      });
      return flags;
    };

    expect(flagsOn('v20.20.2')).toEqual([OLD_GENERATION_FLAG]);
    expect(flagsOn('v22.23.3')).toEqual([OLD_GENERATION_FLAG]);
    expect(flagsOn('v24.21.0')).toEqual([OLD_GENERATION_FLAG, OPTIMIZER_FLAG]);
    expect(flagsOn('v25.0.0')).toEqual([OLD_GENERATION_FLAG, OPTIMIZER_FLAG]);
  });
});
