import {
  freeze,
  type Generation,
  generationFailure,
  type SandboxContext,
} from './context.js';
import { ExtensionsApi } from './extensions-api.js';
import { ManagedRuntimeApi } from './managed-runtime-api.js';
import { initializationType } from './process-env.js';
import { launchExtension, launchRuntime } from './processes.js';
import { emitPlatform } from './records.js';
import { RuntimeApi } from './runtime-api.js';
import { runShutdown } from './shutdown-phase.js';
import { round3 } from './time.js';
import type { InitReport } from './types.js';

/** External plus internal extensions (spec 1.1). */
const MAX_EXTENSIONS = 10;

/**
 * The Init phase in RAPID's order (spec 2.1): initStart, extensions started
 * and registered, runtime started and in next, extensions in next,
 * subscriptions closed, initRuntimeDone, platform.extension, initReport.
 * A failed Init resets the environment; the next invoke initialises again.
 */
export async function runInit(
  ctx: SandboxContext,
  phase: 'init' | 'invoke'
): Promise<InitReport> {
  const gen = newGeneration(ctx);
  ctx.gen = gen;
  ctx.inits += 1;
  ctx.sampler.start();
  ctx.phase = 'init';
  const startPerf = performance.now();
  const left = (): number =>
    startPerf + ctx.opts.initTimeoutMs - performance.now();
  const { opts } = ctx;
  const initType = initializationType(ctx.envs.maxConcurrency);
  ctx.bus.beginInit();
  emitPlatform(ctx, 'platform.initStart', {
    initializationType: initType,
    phase,
    runtimeVersion:
      ctx.opts.runtime === 'node'
        ? `nodejs:${ctx.nodeMajor}.sandbox`
        : 'provided:al2023.sandbox',
    functionName: opts.functionName,
    functionVersion: opts.functionVersion,
    instanceId: ctx.logStreamName,
    instanceMaxMemory: opts.memorySizeMb,
  });
  if (ctx.externalNames.length > MAX_EXTENSIONS) {
    gen.setupFailure = 'Extension.TooManyExtensions';
  } else {
    for (const name of ctx.externalNames) launchExtension(ctx, gen, name);
  }
  const failed = (): boolean => generationFailure(gen) !== undefined;
  const externals = [...gen.extensions.records.values()];
  let done = await ctx.waiter.until(
    () => failed() || externals.every((r) => r.id !== undefined),
    left()
  );
  if (done && !failed()) {
    launchRuntime(ctx, gen);
    done = await ctx.waiter.until(
      () => failed() || gen.runtime.firstNextPerf !== undefined,
      left()
    );
  }
  gen.extensions.registrationOpen = false;
  if (done && !failed()) {
    done = await ctx.waiter.until(
      () =>
        failed() ||
        gen.extensions.registered.every((r) => r.state !== 'Registered'),
      left()
    );
  }
  gen.subscriptionsOpen = false;
  const errorType = generationFailure(gen);
  const status = errorType ? 'error' : done ? 'success' : 'timeout';
  const durationMs = round3(performance.now() - startPerf);
  const outcome = { status, ...(errorType ? { errorType } : {}) };
  emitPlatform(ctx, 'platform.initRuntimeDone', {
    initializationType: initType,
    phase,
    ...outcome,
  });
  for (const record of gen.extensions.records.values()) {
    if (record.id === undefined && !record.errorType) continue;
    emitPlatform(ctx, 'platform.extension', {
      name: record.name,
      state: record.state,
      events: record.events,
      ...(record.errorType ? { errorType: record.errorType } : {}),
    });
  }
  emitPlatform(ctx, 'platform.initReport', {
    initializationType: initType,
    phase,
    ...outcome,
    metrics: { durationMs },
  });
  ctx.bus.endInit();
  ctx.initReport = { ...outcome, durationMs, phase };
  if (status === 'success') {
    ctx.pendingInitDurationMs = phase === 'init' ? durationMs : undefined;
    freeze(ctx);
  } else {
    await runShutdown(ctx, status === 'timeout' ? 'timeout' : 'failure');
  }
  return ctx.initReport;
}

function newGeneration(ctx: SandboxContext): Generation {
  const notify = (): void => ctx.waiter.notify();
  const extensions = new ExtensionsApi({
    externalNames: ctx.externalNames,
    info: {
      functionName: ctx.opts.functionName,
      functionVersion: ctx.opts.functionVersion,
      handler: ctx.envs.handler,
      accountId: ctx.opts.accountId,
    },
    notify,
    invokeAllowed: ctx.opts.mode !== 'managed-instances',
  });
  const runtimeOpts = {
    notify,
    // Registration closes when the runtime first calls next (spec 1.5).
    onFirstNext: () => {
      extensions.registrationOpen = false;
      if (gen.runtimeStats) gen.runtimeStats.firstNextAtMs = Date.now();
    },
  };
  const gen: Generation = {
    extensions,
    runtime:
      ctx.opts.mode === 'managed-instances'
        ? new ManagedRuntimeApi(runtimeOpts)
        : new RuntimeApi(runtimeOpts),
    runtimeChild: undefined,
    runtimeStats: undefined,
    runtimeExit: undefined,
    setupFailure: undefined,
    subscriptionsOpen: true,
    shuttingDown: false,
    needsInit: false,
  };
  return gen;
}
