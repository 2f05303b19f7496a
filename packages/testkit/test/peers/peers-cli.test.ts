import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Runs the built CLI (turbo builds testkit before its tests).
const BIN = fileURLToPath(
  new URL('../../bin/logdrain-peers.mjs', import.meta.url)
);

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrain-peers-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function peers(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, LOGDRAIN_PEERS_DIR: dir },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

describe('pnpm peers', () => {
  it('documents every command and peer under --help', () => {
    const help = peers('--help');

    expect(help.status).toBe(0);
    for (const word of [
      'install',
      'status',
      'start',
      'stop',
      'moto',
      'opensearch',
      'otelcol',
      'LOGDRAIN_PEERS_DIR',
    ]) {
      expect(help.stdout).toContain(word);
    }
    expect(help.stdout).toContain(`(now: ${dir})`);
  });

  it('exits 2 naming what it expected on a usage error', () => {
    const wrong = peers('launch', 'moto');

    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('expected <install|status|start|stop>');
  });

  it('reports every peer as not installed in an empty folder', () => {
    const status = peers('status');

    expect(status.status).toBe(0);
    expect(status.stdout).toContain(`peers status (${dir}):`);
    expect(status.stdout.match(/not installed; not running/g)).toHaveLength(4);
  });

  it('stops nothing when nothing runs', () => {
    const stop = peers('stop', 'otelcol');

    expect(stop.status).toBe(0);
    expect(stop.stdout).toMatch(/otelcol +ok +not running/);
  });
});
