import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import type { MachineInfo } from './results.js';

/** nproc, the CPU model (from /proc/cpuinfo on Linux) and Node's version. */
export function describeMachine(): MachineInfo {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(info)?.[1] ?? cpuModel;
  } catch {
    // Not Linux: os.cpus() said it.
  }
  return {
    cpus: availableParallelism(),
    cpuModel: cpuModel.trim(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}
