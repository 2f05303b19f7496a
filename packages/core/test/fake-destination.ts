import type {
  Destination,
  SendContext,
  SendOutcome,
} from '../src/destination.js';
import type { LogEvent } from '../src/log-event.js';

type Reply =
  | SendOutcome
  | Error
  | ((batch: readonly LogEvent[], ctx: SendContext) => Promise<SendOutcome>);

/**
 * An in-memory Destination for the sender's and flusher's unit tests: it
 * answers with the scripted replies in order (then `delivered`) and
 * remembers every call. The real HTTPS receiver is used by the webhook's
 * tests.
 */
export function createFakeDestination(
  replies: Reply[] = [],
  limits = { maxBatchBytes: 1_000_000, maxBatchItems: 1_000 }
) {
  const calls: Array<{ batch: readonly LogEvent[]; ctx: SendContext }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const destination: Destination & {
    calls: typeof calls;
    readonly maxInFlight: number;
  } = {
    name: 'fake',
    limits,
    calls,
    get maxInFlight() {
      return maxInFlight;
    },
    async send(batch, ctx) {
      calls.push({ batch: [...batch], ctx });
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        const reply = replies.shift() ?? { status: 'delivered' };
        if (reply instanceof Error) throw reply;
        if (typeof reply === 'function') return await reply(batch, ctx);
        await Promise.resolve();
        return reply;
      } finally {
        inFlight -= 1;
      }
    },
  };
  return destination;
}
