import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureInstalled } from '../../src/peers/install-state.js';
import { spawnPeer, waitUntilReady } from '../../src/peers/peer-process.js';
import { runLogged } from '../../src/peers/run-logged.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrain-peer-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runLogged', () => {
  it('fails with the command, its exit code and the log tail', async () => {
    const logFile = join(dir, 'install.log');

    const run = runLogged(
      'sh',
      ['-c', 'echo resolving; echo boom >&2; exit 3'],
      {
        peer: 'demo',
        logFile,
      }
    );

    await expect(run).rejects.toThrow(
      /demo: `sh -c .*` exited with 3; log .*install\.log, last lines:\n[\s\S]*resolving\nboom/
    );
  });
});

describe('waitUntilReady', () => {
  it('fails at once with the log tail when the server exits', async () => {
    const logFile = join(dir, 'server.log');
    const child = await spawnPeer({
      peer: 'demo',
      command: 'sh',
      args: ['-c', 'echo cannot bind; exit 7'],
      logFile,
    });
    const startedMs = Date.now();

    const ready = waitUntilReady({
      peer: 'demo',
      process: child,
      logFile,
      probe: async () => false,
      timeoutMs: 30_000,
    });

    await expect(ready).rejects.toThrow(
      /exited with 7; .*\n[\s\S]*cannot bind/
    );
    expect(Date.now() - startedMs).toBeLessThan(10_000);
  });
});

describe('ensureInstalled', () => {
  it('installs once when called concurrently and skips when the fingerprint matches', async () => {
    let installs = 0;
    const opts = {
      peer: 'demo',
      dir: join(dir, 'demo'),
      fingerprint: 'v1',
      install: async () => {
        installs += 1;
        await new Promise((resolve) => setTimeout(resolve, 200));
      },
    };

    const results = await Promise.all([
      ensureInstalled(opts),
      ensureInstalled(opts),
      ensureInstalled(opts),
    ]);
    const again = await ensureInstalled(opts);
    const changed = await ensureInstalled({ ...opts, fingerprint: 'v2' });

    expect(installs).toBe(2);
    expect(results.filter((r) => r.fresh)).toHaveLength(1);
    expect(again.fresh).toBe(false);
    expect(changed.fresh).toBe(true);
  });
});
