import { describe, expect, it } from 'vitest';
import { type CpuSnapshot, stepCpu } from '../src/measure/step-cpu.js';

const before: CpuSnapshot = {
  extensionMs: 100,
  runtimeMs: 50,
  benchMs: 1_000,
  mainThreadMs: 700,
  receiverMs: 200,
  machine: { busy: 1_000, total: 2_000 },
};

describe('stepCpu', () => {
  it('gives each participant µs per line, the one-core capacity and the ceiling of the cores', () => {
    // 100,000 lines: extension 980 ms, runtime 300 ms, bench process
    // 1,030 ms of which the receiver's thread 450 ms and the main one 500.
    const after: CpuSnapshot = {
      extensionMs: 1_080,
      runtimeMs: 350,
      benchMs: 2_030,
      mainThreadMs: 1_200,
      receiverMs: 650,
      machine: { busy: 1_790, total: 2_800 },
    };

    expect(stepCpu(before, after, 100_000, 2)).toEqual({
      cpuPerLine: {
        extensionUs: 9.8,
        runtimeUs: 3,
        emulatorUs: 5.8,
        emulatorMainThreadUs: 5,
        receiverUs: 4.5,
      },
      extensionLinesPerCore: 102_041,
      ceilingLinesPerSecond: 86_580,
      cpus: 2,
      machineBusy: 0.988,
    });
  });

  it('has no receiver figure or ceiling when the destination runs elsewhere', () => {
    const after: CpuSnapshot = {
      ...before,
      extensionMs: 300,
      runtimeMs: 150,
      benchMs: 1_500,
      mainThreadMs: undefined,
      receiverMs: undefined,
      machine: undefined,
    };

    expect(stepCpu(before, after, 50_000, 2)).toEqual({
      cpuPerLine: { extensionUs: 4, runtimeUs: 2, emulatorUs: 10 },
      extensionLinesPerCore: 250_000,
      cpus: 2,
    });
  });

  it('has only the machine share without the processes’ CPU or lines', () => {
    const after: CpuSnapshot = {
      ...before,
      extensionMs: undefined,
      machine: { busy: 1_500, total: 3_000 },
    };

    expect(stepCpu(before, after, 1_000, 2)).toEqual({ machineBusy: 0.5 });
    expect(stepCpu(before, { ...before }, 0, 2)).toEqual({});
  });
});
