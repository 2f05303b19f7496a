import type { SandboxContext } from './context.js';

/**
 * pauseDelivery / resumeDelivery: holds or releases telemetry for one
 * subscriber (by extension name) or, without a name, for all of them.
 * Resuming all also clears every single pause.
 */
export function setPaused(
  ctx: SandboxContext,
  name: string | undefined,
  paused: boolean
): void {
  if (name === undefined) {
    ctx.paused.all = paused;
    if (!paused) ctx.paused.names.clear();
  } else if (paused) {
    ctx.paused.names.add(name);
  } else {
    ctx.paused.names.delete(name);
  }
  if (paused) return;
  for (const sub of ctx.bus.subscriptions) sub.subscriber.schedulePump();
}
