import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ on Linux). */
const TICKS_PER_SECOND = 100;

/** One reading of a live process's /proc files. */
export interface ProcReading {
  /** VmHWM in bytes; undefined for a zombie or a kernel thread. */
  peakRssBytes: number | undefined;
  /** utime + stime in ms. */
  cpuMs: number;
}

/**
 * Reads peak RSS from /proc/<pid>/status and CPU time from /proc/<pid>/stat.
 * Undefined when the process is gone or /proc does not exist (macOS).
 */
export function readProc(pid: number): ProcReading | undefined {
  let status: string;
  let stat: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  // The command name may hold spaces and parentheses: count after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After ')' the fields start at 3 (state); utime is 14 and stime 15.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return {
    peakRssBytes: hwm ? Number(hwm[1]) * 1024 : undefined,
    cpuMs: (ticks * 1000) / TICKS_PER_SECOND,
  };
}
