import type { Sandbox } from '@logdrain/sandbox';
import type { Target } from './target.js';

/** Distinct function records tagged `tag` the sandbox delivered (200 only). */
export function telemetryLines(sandbox: Sandbox, tag: string): number {
  const seen = new Set<string>();
  for (const delivery of sandbox.deliveries) {
    if (delivery.status !== 200) continue;
    for (const event of delivery.events as Array<Record<string, unknown>>) {
      if (event.type !== 'function' || typeof event.record !== 'string') {
        continue;
      }
      // Text format: time, request id, level, then the message.
      if (event.record.includes(`\t${tag} `)) seen.add(event.record);
    }
  }
  return seen.size;
}

/**
 * The null extension's "destination" is its own listener: a line counts as
 * delivered once the sandbox's POST carrying it was answered 200.
 */
export function nullTarget(): Target {
  return {
    async openRun() {
      return {
        env: {},
        delivered: async ({ sandbox, tag }) => telemetryLines(sandbox, tag),
        // No receiver: the sandbox's own POSTs are the emulator's CPU.
        receiverCpuMs: async () => 0,
        close: async () => {},
      };
    },
    close: async () => {},
  };
}
