import { ExtensionError } from './errors.js';

/**
 * An INVOKE from /event/next (spec 3.3).
 *
 * @example
 * if (event.eventType === 'INVOKE') tracker.startInvoke(event.requestId);
 */
export interface InvokeEvent {
  readonly eventType: 'INVOKE';
  readonly requestId: string;
  /** Epoch ms at which the function times out. */
  readonly deadlineMs: number;
  readonly invokedFunctionArn: string;
  readonly tracing?: { readonly type: string; readonly value: string };
}

/**
 * A SHUTDOWN from /event/next; `shutdownReason` is lower-cased.
 *
 * @example
 * if (event.eventType === 'SHUTDOWN') await drainOnShutdown({ event, ...parts });
 */
export interface ShutdownEvent {
  readonly eventType: 'SHUTDOWN';
  /** `spindown`, `timeout`, `failure` (or what the platform sent). */
  readonly shutdownReason: string;
  /** Epoch ms by which the process must have exited. */
  readonly deadlineMs: number;
}

/**
 * One event from /event/next.
 *
 * @example
 * const event: ExtensionEvent = await client.next();
 */
export type ExtensionEvent = InvokeEvent | ShutdownEvent;

/**
 * Reads an /event/next body: eventType compared case-insensitively,
 * `shutdownReason` lower-cased (AWS sends lowercase, the docs uppercase),
 * `deadlineMs` a number even when sent as a string. Throws ExtensionError
 * `PLATFORM_ERROR` for an unknown eventType.
 *
 * @example
 * toExtensionEvent({ eventType: 'SHUTDOWN', shutdownReason: 'SPINDOWN', deadlineMs: '1769001301734' });
 * // → { eventType: 'SHUTDOWN', shutdownReason: 'spindown', deadlineMs: 1769001301734 }
 */
export function toExtensionEvent(
  body: Record<string, unknown>
): ExtensionEvent {
  const type = String(body.eventType ?? '').toUpperCase();
  const deadlineMs = Number(body.deadlineMs);
  if (type === 'SHUTDOWN') {
    return {
      eventType: 'SHUTDOWN',
      shutdownReason: String(body.shutdownReason ?? '').toLowerCase(),
      deadlineMs,
    };
  }
  if (type === 'INVOKE') {
    const tracing = body.tracing as InvokeEvent['tracing'] | undefined;
    return {
      eventType: 'INVOKE',
      requestId: text(body, 'requestId'),
      deadlineMs,
      invokedFunctionArn: text(body, 'invokedFunctionArn'),
      ...(tracing && typeof tracing === 'object' ? { tracing } : {}),
    };
  }
  throw new ExtensionError(
    'PLATFORM_ERROR',
    `event/next returned an unknown eventType ${JSON.stringify(body.eventType)}`
  );
}

function text(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  return typeof value === 'string' ? value : '';
}
