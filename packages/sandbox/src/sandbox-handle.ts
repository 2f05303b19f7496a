import { rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { liveChildren, type SandboxContext } from './context.js';
import { setPaused } from './delivery-pause.js';
import { checkLineSettings } from './generated-lines.js';
import { ensureInit, runInvoke } from './invoke-phase.js';
import { runManagedInvoke } from './managed-invoke.js';
import { runShutdown } from './shutdown-phase.js';
import type { ApiCall, Sandbox, ShutdownResult } from './types.js';

/** The {@link Sandbox} handle over a started environment. */
export function createHandle(
  ctx: SandboxContext,
  server: Server,
  baseDir: string,
  apiCalls: ApiCall[],
  runtimeCalls: ApiCall[]
): Sandbox {
  let queue: Promise<unknown> = Promise.resolve();
  // Invokes and shutdown run one after another, as in one environment.
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const inFlight = new Set<Promise<unknown>>();
  let disposed: Promise<void> | undefined;
  return {
    runtimeApi: ctx.runtimeApi,
    optDir: ctx.optDir,
    get initReport() {
      return ctx.initReport;
    },
    deliveries: ctx.deliveries,
    apiCalls,
    runtimeCalls,
    extensionOutput: ctx.extensionOutput,
    functionOutput: ctx.functionOutput,
    events: ctx.bus.events,
    subscriptions: ctx.subscriptionStats,
    extensionStats: ctx.sampler.extensions,
    runtimeStats: ctx.sampler.runtimes,
    invoke: (payload, invokeOpts) => {
      const lines = checkLineSettings(
        {
          lines: invokeOpts?.lines ?? ctx.opts.lines,
          lineBytes: invokeOpts?.lineBytes ?? ctx.opts.lineBytes,
        },
        ctx.opts.runtime
      );
      if (ctx.opts.mode !== 'managed-instances') {
        return serial(() => {
          if (ctx.closed) throw new Error('the sandbox was shut down');
          return runInvoke(ctx, payload, lines);
        });
      }
      // Managed Instances: only Init is serial; invokes run at once.
      const running = serial(() => {
        if (ctx.closed) throw new Error('the sandbox was shut down');
        return ensureInit(ctx);
      }).then(
        (initFailure) => initFailure ?? runManagedInvoke(ctx, payload, lines)
      );
      inFlight.add(running);
      void running.finally(() => inFlight.delete(running)).catch(() => {});
      return running;
    },
    pauseDelivery: (name) => setPaused(ctx, name, true),
    resumeDelivery: (name) => setPaused(ctx, name, false),
    shutdown: (opts) =>
      serial(async (): Promise<ShutdownResult> => {
        const reason = opts?.reason ?? 'spindown';
        if (ctx.closed) throw new Error('the sandbox was shut down');
        await Promise.allSettled([...inFlight]);
        ctx.closed = true;
        return runShutdown(ctx, reason);
      }),
    [Symbol.asyncDispose]: () => {
      disposed ??= disposeContext(ctx, server, baseDir);
      return disposed;
    },
  };
}

/** Kills every process, closes the API server, removes the folders. */
export async function disposeContext(
  ctx: SandboxContext,
  server: Server | undefined,
  baseDir: string
): Promise<void> {
  ctx.closed = true;
  const children = liveChildren(ctx.gen);
  for (const child of children) child.signal('SIGCONT');
  await Promise.all(children.map((c) => c.kill()));
  ctx.bus.clear();
  ctx.scheduler.clear();
  ctx.sampler.stop();
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
  await rm(baseDir, { recursive: true, force: true });
}
