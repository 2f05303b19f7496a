import { readFileSync } from 'node:fs';

/** The machine's CPU time so far, all CPUs, in /proc/stat ticks. */
export interface MachineTicks {
  readonly busy: number;
  readonly total: number;
}

/**
 * The first ("cpu") line of /proc/stat: total is user, nice, system, idle,
 * iowait, irq, softirq and steal (guest time is already inside user and
 * nice); busy is total less idle and iowait.
 */
export function parseProcStat(text: string): MachineTicks {
  const line = text.slice(0, text.indexOf('\n'));
  const fields = line.trim().split(/\s+/);
  if (fields[0] !== 'cpu') throw new Error('/proc/stat has no cpu line');
  const ticks = fields.slice(1, 9).map(Number);
  const total = ticks.reduce((sum, tick) => sum + tick, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: total - idle, total };
}

/** The machine's ticks now; undefined where there is no /proc. */
export function readMachineTicks(): MachineTicks | undefined {
  try {
    return parseProcStat(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}

/** Share of all CPUs' time that was busy between two readings, 0–1. */
export function busyShare(
  from: MachineTicks,
  to: MachineTicks
): number | undefined {
  const total = to.total - from.total;
  if (total <= 0) return undefined;
  return Math.round(((to.busy - from.busy) / total) * 1000) / 1000;
}

/**
 * Starts a window over the machine's CPUs; `busy()` is the busy share from
 * then to now (undefined without /proc): every process's work counts, the
 * measurement's own included.
 */
export function machineWindow(): { busy(): number | undefined } {
  const from = readMachineTicks();
  return {
    busy: () => {
      const to = readMachineTicks();
      return from && to ? busyShare(from, to) : undefined;
    },
  };
}

/** Time on the CPU in a schedstat file (its first field, ns), in ms. */
export function parseSchedstat(text: string): number {
  return Number(text.slice(0, text.indexOf(' '))) / 1e6;
}

/**
 * CPU time of the calling thread so far, in ms (its schedstat: a worker
 * thread reads its own, where process.cpuUsage() counts every thread of the
 * process); undefined where there is no /proc.
 */
export function threadCpuMs(): number | undefined {
  try {
    return parseSchedstat(readFileSync('/proc/thread-self/schedstat', 'utf8'));
  } catch {
    return undefined;
  }
}
