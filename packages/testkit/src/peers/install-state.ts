import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PeerError } from './peer-error.js';

/** What `installed.json` in a peer's folder records. */
export interface InstallRecord {
  readonly peer: string;
  readonly fingerprint: string;
  readonly installedAt: string;
  readonly durationMs: number;
}

export interface InstallResult extends InstallRecord {
  readonly dir: string;
  /** True when this call installed it; false when it was already there. */
  readonly fresh: boolean;
}

export interface EnsureInstalledOptions {
  readonly peer: string;
  readonly dir: string;
  /** Changes whenever what is installed changes (versions, manifest). */
  readonly fingerprint: string;
  readonly install: (dir: string) => Promise<void>;
  /** How long to wait for another process's install; default 30 min. */
  readonly lockWaitMs?: number;
}

const MARKER = 'installed.json';
const LOCK = 'install.lock';

export async function readInstallRecord(
  dir: string
): Promise<InstallRecord | undefined> {
  try {
    return JSON.parse(
      await readFile(join(dir, MARKER), 'utf8')
    ) as InstallRecord;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** mkdir is atomic: the first process to create the lock folder installs. */
async function acquireLock(opts: EnsureInstalledOptions): Promise<string> {
  const lock = join(opts.dir, LOCK);
  const deadline = Date.now() + (opts.lockWaitMs ?? 30 * 60_000);
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'pid'), String(process.pid));
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(
      await readFile(join(lock, 'pid'), 'utf8').catch(() => '')
    );
    const ageMs = await stat(lock).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0
    );
    // A lock whose owner died (or that never got its pid within 10 s) is stale.
    if ((owner && !isAlive(owner)) || (!owner && ageMs > 10_000)) {
      await rm(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new PeerError(
        opts.peer,
        `${opts.peer}: another process (pid ${owner}) holds ${lock}`
      );
    }
    await sleep(500);
  }
}

/**
 * Installs a peer once: skips when `installed.json` has the same fingerprint,
 * otherwise runs `install` (which must tolerate leftovers of a failed try)
 * under a cross-process lock.
 */
export async function ensureInstalled(
  opts: EnsureInstalledOptions
): Promise<InstallResult> {
  const current = await readInstallRecord(opts.dir);
  if (current?.fingerprint === opts.fingerprint) {
    return { ...current, dir: opts.dir, fresh: false };
  }
  await mkdir(opts.dir, { recursive: true });
  const lock = await acquireLock(opts);
  try {
    const again = await readInstallRecord(opts.dir);
    if (again?.fingerprint === opts.fingerprint) {
      return { ...again, dir: opts.dir, fresh: false };
    }
    await rm(join(opts.dir, MARKER), { force: true });
    const startedMs = Date.now();
    await opts.install(opts.dir);
    const record: InstallRecord = {
      peer: opts.peer,
      fingerprint: opts.fingerprint,
      installedAt: new Date().toISOString(),
      durationMs: Date.now() - startedMs,
    };
    await writeFile(
      join(opts.dir, MARKER),
      `${JSON.stringify(record, null, 2)}\n`
    );
    return { ...record, dir: opts.dir, fresh: true };
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
