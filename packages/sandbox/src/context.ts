import type { Child } from './child.js';
import { type ExtensionRecord, isActive } from './extension-record.js';
import type { ExtensionsApi } from './extensions-api.js';
import type { ManagedRuntimeApi } from './managed-runtime-api.js';
import type { ProcessEnvs } from './process-env.js';
import type { RuntimeApi } from './runtime-api.js';
import type { FreezableScheduler } from './scheduler.js';
import type { StatsSampler } from './stats-sampler.js';
import type { TelemetryBus } from './telemetry-bus.js';
import type {
  Delivery,
  InitReport,
  ProcessStats,
  SandboxOptions,
  SubscriptionStats,
} from './types.js';
import type { Waiter } from './waiter.js';

/** Options with every default filled in. */
export type ResolvedOptions = Required<Omit<SandboxOptions, 'env'>> & {
  env: Record<string, string>;
  functionVersion: string;
};

/** One life of the environment: from an Init to its Shutdown or reset. */
export interface Generation {
  extensions: ExtensionsApi;
  runtime: RuntimeApi | ManagedRuntimeApi;
  runtimeChild: Child | undefined;
  runtimeStats: ProcessStats | undefined;
  /** Runtime exit outside a shutdown. */
  runtimeExit: string | undefined;
  /** A failure of the environment itself, e.g. too many extensions. */
  setupFailure: string | undefined;
  subscriptionsOpen: boolean;
  shuttingDown: boolean;
  /** Init failed or an invoke failed: the next invoke re-initialises. */
  needsInit: boolean;
}

/** State the phases and API handlers share. */
export interface SandboxContext {
  opts: ResolvedOptions;
  runtimeApi: string;
  optDir: string;
  tmpDir: string;
  envs: ProcessEnvs;
  logStreamName: string;
  /** The built-in runtime client; undefined for a bootstrap handler. */
  runtimeClientPath: string | undefined;
  /** Major version of the Node.js binary; undefined with nodePath 'none'. */
  nodeMajor: number | undefined;
  externalNames: string[];
  bus: TelemetryBus;
  scheduler: FreezableScheduler;
  waiter: Waiter;
  gen: Generation | undefined;
  /** Number of Init phases started so far. */
  inits: number;
  sampler: StatsSampler;
  phase: Delivery['phase'];
  frozen: boolean;
  closed: boolean;
  initReport: InitReport;
  /** initDurationMs for the next report (first invoke after a cold start). */
  pendingInitDurationMs: number | undefined;
  deliveries: Delivery[];
  subscriptionStats: SubscriptionStats[];
  /** Subscribers whose delivery is held (pauseDelivery). */
  paused: { all: boolean; names: Set<string> };
  extensionOutput: string[];
  functionOutput: string[];
}

/** The failure of this generation, if a process crashed or reported one. */
export function generationFailure(gen: Generation): string | undefined {
  if (gen.setupFailure) return gen.setupFailure;
  if (gen.runtime.initError) return gen.runtime.initError.errorType;
  for (const record of gen.extensions.records.values()) {
    if (record.errorType) return record.errorType;
  }
  return gen.runtimeExit;
}

/** Extensions that take part in invokes. */
export function invokeExtensions(gen: Generation): ExtensionRecord[] {
  return gen.extensions.registered.filter(
    (r) => r.events.includes('INVOKE') && isActive(r)
  );
}

/** Every live process of the generation. */
export function liveChildren(gen: Generation | undefined): Child[] {
  if (!gen) return [];
  const children: Child[] = [];
  if (gen.runtimeChild?.alive) children.push(gen.runtimeChild);
  for (const record of gen.extensions.records.values()) {
    if (record.child?.alive) children.push(record.child);
  }
  return children;
}

/** Stops timers and (by default) every process: spec 2.3. */
export function freeze(ctx: SandboxContext): void {
  // Managed Instances run invokes at once and never freeze (spec 2.7).
  if (ctx.frozen || ctx.opts.mode === 'managed-instances') return;
  ctx.frozen = true;
  ctx.scheduler.freeze();
  if (ctx.opts.freeze) {
    // Stopped processes do not change: one last sample, then none until thaw.
    ctx.sampler.stop();
    for (const child of liveChildren(ctx.gen)) child.signal('SIGSTOP');
  }
}

export function thaw(ctx: SandboxContext): void {
  if (!ctx.frozen) return;
  ctx.frozen = false;
  if (ctx.opts.freeze) {
    for (const child of liveChildren(ctx.gen)) child.signal('SIGCONT');
  }
  ctx.scheduler.thaw();
  ctx.sampler.start();
  for (const sub of ctx.bus.subscriptions) sub.subscriber.schedulePump();
}
