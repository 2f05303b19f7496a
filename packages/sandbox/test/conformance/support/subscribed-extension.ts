import type { HeldProcess } from './control-server.js';
import { PATHS, type RawAnswer, rawCall } from './raw-call.js';
import { as, registerAs } from './register-as.js';

/** A held extension the test registered, subscribed and keeps in next. */
export interface SubscribedExtension {
  id: string;
  subscribe: RawAnswer;
  /** Every event its next calls returned, in order. */
  events: Array<Record<string, unknown>>;
}

/**
 * Registers the held extension, subscribes it with `body` (PUT to `path`),
 * then answers every event with the next call, as a real extension would,
 * and lets the process exit 0 at SHUTDOWN (after `beforeExit`).
 */
export async function subscribeHeld(
  proc: HeldProcess,
  body: unknown,
  opts: { path?: string; beforeExit?: () => Promise<void> } = {}
): Promise<SubscribedExtension> {
  const path = opts.path ?? PATHS.telemetry;
  const id = await registerAs(proc.api, proc.name);
  const subscribe = await rawCall(proc.api, 'PUT', path, {
    headers: { ...as(id), 'content-type': 'application/json' },
    body,
  });
  const events: Array<Record<string, unknown>> = [];
  void (async () => {
    for (;;) {
      const next = await rawCall(proc.api, 'GET', PATHS.next, {
        headers: as(id),
      }).catch(() => undefined);
      if (next?.status !== 200) return;
      const event = next.body as Record<string, unknown>;
      events.push(event);
      if (event.eventType === 'SHUTDOWN') {
        await opts.beforeExit?.();
        proc.exit(0);
        return;
      }
    }
  })();
  return { id, subscribe, events };
}

/** A subscription body for a listener on 127.0.0.1 (sandbox.localdomain). */
export function subscription(opts: {
  port: number;
  types: string[];
  schemaVersion?: string;
  buffering?: { maxItems?: number; maxBytes?: number; timeoutMs?: number };
  path?: string;
  protocol?: 'HTTP' | 'TCP';
}): object {
  return {
    schemaVersion: opts.schemaVersion ?? '2025-01-29',
    types: opts.types,
    buffering: {
      maxItems: 1000,
      maxBytes: 262144,
      timeoutMs: 25,
      ...opts.buffering,
    },
    destination:
      opts.protocol === 'TCP'
        ? { protocol: 'TCP', port: opts.port }
        : {
            protocol: 'HTTP',
            URI: `http://sandbox.localdomain:${opts.port}${opts.path ?? '/telemetry'}`,
          },
  };
}
