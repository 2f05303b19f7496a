import { type SandboxContext, thaw } from './context.js';
import { isActive } from './extension-record.js';
import type { ShutdownResult } from './types.js';
import { delay } from './waiter.js';

/** Part of the shutdown budget the runtime gets before SIGKILL (spec 2.4). */
const RUNTIME_SHARE = 0.15;

/**
 * Shutdown (spec 2.4): thaw, SIGTERM the runtime (SIGKILL at once when no
 * extension is registered), SIGKILL extensions not registered for SHUTDOWN,
 * send SHUTDOWN to the others (one that reported an init or exit error gets
 * until the deadline to exit on its own), keep delivering telemetry while
 * they handle it, SIGKILL survivors at the deadline. Also the reset after a
 * failed Init or invoke.
 */
export async function runShutdown(
  ctx: SandboxContext,
  reason: 'spindown' | 'timeout' | 'failure'
): Promise<ShutdownResult> {
  const gen = ctx.gen;
  if (!gen || gen.shuttingDown) {
    const now = Date.now();
    return { reason, sentAtMs: now, deadlineMs: now, extensions: [] };
  }
  gen.shuttingDown = true;
  gen.needsInit = true;
  ctx.phase = 'shutdown';
  thaw(ctx);
  for (const sub of ctx.bus.subscriptions) sub.subscriber.flushAll();
  const budgetMs = ctx.opts.shutdownBudgetMs;
  const runtimeShareMs = Math.round(budgetMs * RUNTIME_SHARE);
  const records = [...gen.extensions.records.values()];
  const runtime = gen.runtimeChild;
  if (runtime?.alive) {
    if (gen.extensions.registered.length === 0) {
      runtime.signal('SIGKILL');
    } else {
      runtime.signal('SIGTERM');
      await Promise.race([runtime.exited, delay(runtimeShareMs)]);
      runtime.signal('SIGKILL');
    }
  }
  gen.runtime.close();
  const sentAtMs = Date.now();
  const deadlineMs = sentAtMs + budgetMs - runtimeShareMs;
  ctx.sampler.sample();
  for (const record of records) {
    if (!record.child?.alive) continue;
    const wantsShutdown =
      record.events.includes('SHUTDOWN') && isActive(record);
    // An extension that reported an error is expected to exit on its own.
    const reportedError =
      record.state === 'InitError' || record.state === 'ExitError';
    if (reportedError) continue;
    if (wantsShutdown) {
      gen.extensions.dispatch(record, {
        eventType: 'SHUTDOWN',
        shutdownReason: reason,
        deadlineMs,
      });
    } else {
      record.child.signal('SIGKILL');
    }
  }
  const children = records.flatMap((r) => (r.child ? [r.child] : []));
  await ctx.waiter.until(
    () => children.every((c) => !c.alive),
    deadlineMs - Date.now()
  );
  const killed = new Set(children.filter((c) => c.alive));
  for (const record of records) {
    if (record.child && killed.has(record.child)) {
      record.state = 'ShutdownFailed';
    }
  }
  await Promise.all(children.map((c) => c.kill()));
  // Output still in the pipes becomes records; a pipe some stray process
  // keeps open must not hold the shutdown.
  await Promise.race([
    Promise.all(
      [...children, ...(runtime ? [runtime] : [])].map((c) => c.drained)
    ),
    delay(500),
  ]);
  ctx.bus.clear();
  ctx.sampler.stop();
  return {
    reason,
    sentAtMs,
    deadlineMs,
    extensions: records.flatMap((record) => {
      const exit = record.child?.exit;
      if (!record.child || !exit) return [];
      return [
        {
          name: record.name,
          exitCode: exit.code,
          signal: exit.signal,
          exitedAtMs: exit.atMs,
          beforeDeadline: !killed.has(record.child) && exit.atMs <= deadlineMs,
        },
      ];
    }),
  };
}
