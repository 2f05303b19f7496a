import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { throughputStep } from '../src/measure/throughput.js';
import { telemetryLines } from '../src/targets/null-target.js';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

describe('throughputStep', () => {
  it("counts the receiver's CPU for lines that arrive after SHUTDOWN", async () => {
    // A receiver that spends 20 ms of CPU on the lines when they arrive,
    // which is when the step asks for them.
    let receiverMs = 5;

    const step = await throughputStep(
      {
        layer: fixture('null-layer'),
        handler: fixture('lines-handler.mjs'),
        openRun: async () => ({
          env: {},
          delivered: async ({ tag, sandbox }) => {
            receiverMs += 20;
            return telemetryLines(sandbox, tag);
          },
          receiverCpuMs: async () => receiverMs,
          close: async () => {},
        }),
        progress: () => {},
      },
      1_000,
      1
    );

    expect([step.invokes, step.delivered]).toEqual([2, 2_000]);
    expect(step.cpuPerLine?.receiverUs).toBe(10);
  });
});
