import type { Distribution } from './percentiles.js';

/** Spawn → register and spawn → first `/event/next`, over cold starts. */
export interface ColdStartResult {
  readonly registerMs: Distribution;
  readonly readyMs: Distribution;
  /**
   * CPU time of the extension's threads at register and at ready (the
   * sandbox reads schedstat then): what a busy machine changes least.
   * Absent in runs from before it was measured.
   */
  readonly cpuRegisterMs?: Distribution;
  readonly cpuReadyMs?: Distribution;
  /**
   * The null extension's cold starts, alternated with this layer's (one
   * each in turn), so both saw the same load: the cold start ratios use it.
   */
  readonly paired?: Omit<ColdStartResult, 'paired'>;
  /** The machine's busy share over the cold starts (see MachineLoad). */
  readonly machineBusy?: number;
}

/** Post-runtime time per invoke (platform.runtimeDone → the last `next`). */
export interface PostRuntimeResult {
  readonly steady?: Distribution;
  readonly sporadic?: Distribution;
  /** Back-to-back invokes measured, and lines each logged. */
  readonly steadyInvokes: number;
  readonly sporadicInvokes: number;
  readonly sporadicGapMs: number;
  readonly linesPerInvoke: number;
  /** The machine's busy share during each of the two runs. */
  readonly steadyMachineBusy?: number;
  readonly sporadicMachineBusy?: number;
}

/** A run of 10,000-line invokes with default settings. */
export interface LoadResult {
  readonly invokes: number;
  readonly linesPerInvoke: number;
  /** VmHWM of the extension process. */
  readonly peakRssBytes: number | undefined;
  /** Extension CPU (user + system) after Init, scaled to 100,000 lines. */
  readonly cpuSecondsPer100kLines: number | undefined;
  /** Records the platform dropped (sum of platform.logsDropped). */
  readonly logsDropped: number;
  /** Function lines logged but never delivered, after SHUTDOWN. */
  readonly lost: number;
  /** Records the layer's shutdown line said it lost (platform events too). */
  readonly reportedLost?: number;
  /** The machine's busy share during the run. */
  readonly machineBusy?: number;
}

/** One step of the throughput search. */
export interface ThroughputStep {
  readonly linesPerInvoke: number;
  readonly invokes: number;
  readonly windowMs: number;
  /** Function lines at the receiver when the last invoke ended. */
  readonly delivered: number;
  readonly linesPerSecond: number;
  readonly logsDropped: number;
  /** CPU per delivered line of each participant; absent without /proc. */
  readonly cpuPerLine?: CpuPerLine;
  /** What the extension alone could take on one core: 1e6 / its µs. */
  readonly extensionLinesPerCore?: number;
  /**
   * `cpus` × 1e6 / every participant's µs per line: the rate with every
   * core busy on this work alone. Absent when the destination's CPU was not
   * measured (a server in a process of its own).
   */
  readonly ceilingLinesPerSecond?: number;
  readonly cpus?: number;
  /** The machine's busy share over the window (1 − its idle share). */
  readonly machineBusy?: number;
}

/** CPU time per delivered line, µs, of what a throughput step ran on. */
export interface CpuPerLine {
  /** The extension's process (all its threads). */
  readonly extensionUs: number;
  /** The sandbox's runtime-client process running the function. */
  readonly runtimeUs: number;
  /**
   * The bench process less the receiver's thread: the sandbox's emulator
   * (Runtime and Telemetry APIs) on the main thread, and the V8 and libuv
   * helper threads the process shares.
   */
  readonly emulatorUs: number;
  /** Of which the main thread (the emulator's event loop) alone. */
  readonly emulatorMainThreadUs?: number;
  /**
   * The webhook receiver's worker thread; 0 for the null extension (it
   * delivers nowhere); absent for a destination in its own process.
   */
  readonly receiverUs?: number;
}

/** The highest sustained delivery rate found. */
export interface ThroughputResult {
  readonly linesPerSecond: number;
  readonly mbPerSecond: number;
  readonly lineBytes: number;
  /** Why the search stopped. */
  readonly stoppedBy: 'logsDropped' | 'plateau' | 'largest step';
  readonly steps: readonly ThroughputStep[];
}

/** Zip and unzipped size of a layer. */
export interface SizeResult {
  readonly zipBytes: number;
  readonly unzippedBytes: number;
}

/** Everything measured for one layer or the null extension. */
export interface SubjectResult {
  readonly name: string;
  readonly kind: 'layer' | 'baseline';
  /**
   * `--version` of the Node.js the extension ran on: the suite's own (first
   * on the sandbox's PATH), or the one a standalone layer carries. Absent
   * in runs from before it was recorded.
   */
  node?: string;
  /**
   * A layer's: the name of the null extension its ratios divide by, the
   * one that ran on the same Node.js. Absent in runs from before it was
   * recorded (there was one null extension then).
   */
  baseline?: string;
  /** Why nothing was measured (a missing zip, a peer that did not start). */
  skipped?: string;
  /** Measurements that failed, with the reason; the others still count. */
  readonly errors: string[];
  coldStart?: ColdStartResult;
  postRuntime?: PostRuntimeResult;
  load?: LoadResult;
  throughput?: ThroughputResult;
  size?: SizeResult;
  /** Every figure divided by its null extension's (filled in at the end). */
  ratios?: Record<string, number>;
}

/** The machine a run came from. */
export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
}

/** What `pnpm bench` writes to docs/bench.json. */
export interface BenchReport {
  readonly startedAt: string;
  readonly durationS: number;
  readonly quick: boolean;
  readonly machine: MachineInfo;
  /** Wall time of `node -e ''`, spawn to exit. */
  readonly nodeStartMs: Distribution | undefined;
  readonly subjects: readonly SubjectResult[];
  /** Each budget checked against each layer's figure. */
  readonly budgets: readonly BudgetVerdict[];
  readonly notes: readonly string[];
}

/** One budget of issue 9 checked against one layer, as the JSON keeps it. */
export interface BudgetVerdict {
  readonly subject: string;
  readonly metric: string;
  readonly budget: string;
  /** The figure compared: the value, or its ratio for a ratio budget. */
  readonly compared: number;
  readonly pass: boolean;
}
