import { readdirSync, readFileSync } from 'node:fs';

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

/**
 * CPU time of all a process's threads so far, in ms with nanosecond
 * precision: the sum of the first field (time on the CPU, ns) of every
 * /proc/<pid>/task/<tid>/schedstat. /proc/<pid>/stat counts in 10 ms ticks,
 * too coarse for a start-up of 40 ms. Undefined when the process is gone or
 * there is no /proc.
 */
export function readThreadsCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let ns = 0;
  for (const task of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8');
      ns += Number(text.slice(0, text.indexOf(' ')));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ns / 1e6;
}
