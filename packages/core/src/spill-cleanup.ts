import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const SPILL_FILE = /^logdrain-spill-(\d+)-[a-z0-9]*-\d+\.ndjson$/;

/**
 * Deletes spill segments that a process no longer running left in `dir`
 * (SpillFile names carry the writer's pid). /tmp survives a crash, a kill at
 * the SHUTDOWN deadline and the reset after a failed invoke (spec 2.5), so
 * without this every such restart under overload could leave up to
 * LOGDRAIN_SPILL_MAX_BYTES behind until /tmp is full for the function too.
 * Returns the files and bytes removed; never throws.
 *
 * @example
 * const { files, bytes } = removeStaleSpillFiles('/tmp/logdrain-logdrain-webhook');
 */
export function removeStaleSpillFiles(dir: string): {
  files: number;
  bytes: number;
} {
  const removed = { files: 0, bytes: 0 };
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = Number(SPILL_FILE.exec(name)?.[1]);
    if (!Number.isInteger(pid) || isRunning(pid)) continue;
    try {
      const path = join(dir, name);
      const { size } = statSync(path);
      unlinkSync(path);
      removed.files += 1;
      removed.bytes += size;
    } catch {
      // Gone already, or not ours to delete: leave it.
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}
