import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/index.js';
import {
  FIXTURES,
  HANDLER,
  launcher,
  makeLayerDir,
  tempDir,
} from '../helpers.js';

const TICKING = join(FIXTURES, 'ticking-extension.mjs');

async function ticks(path: string): Promise<number> {
  const text = await readFile(path, 'utf8');
  return text.split('\n').filter((l) => l === 'tick').length;
}

/** Tick counts around a gap between two invokes. */
async function measureGap(freeze: boolean) {
  await using dir = await tempDir();
  const out = join(dir.path, 'ticks.txt');
  const layer = await makeLayerDir(join(dir.path, 'layer'), {
    ticking: launcher(TICKING, { TICK_OUT: out }),
  });
  await using sandbox = await startSandbox({
    layers: [layer],
    handler: HANDLER,
    freeze,
  });
  await sandbox.invoke({});
  // A write the stop caught mid-way lands first.
  await sleep(100);
  const frozenAt = await ticks(out);
  await sleep(600);
  const thawedAt = await ticks(out);
  await sandbox.invoke({});
  const afterInvoke = await ticks(out);
  await sandbox.shutdown();
  const lines = (await readFile(out, 'utf8')).split('\n');
  return {
    frozenAt,
    thawedAt,
    afterInvoke,
    events: lines.filter((l) => l !== 'tick' && l !== ''),
  };
}

describe('spec 2.3 Freeze: every process is suspended between invokes', {
  timeout: 60_000,
}, () => {
  it('a timer of an extension makes no progress while frozen and resumes at the next invoke', async () => {
    const gap = await measureGap(true);

    expect(gap.thawedAt).toBe(gap.frozenAt);
    // The second invoke could only end after three ticks of its own.
    expect(gap.afterInvoke).toBeGreaterThanOrEqual(gap.thawedAt + 3);
    expect(gap.events).toEqual(['INVOKE', 'INVOKE', 'SHUTDOWN']);
  });

  it('with freeze: false the same timer runs on through the gap (the control case)', async () => {
    const gap = await measureGap(false);

    expect(gap.thawedAt).toBeGreaterThan(gap.frozenAt);
  });
});
