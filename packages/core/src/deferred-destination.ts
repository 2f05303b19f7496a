import type {
  Destination,
  DestinationLimits,
  SendOutcome,
} from './destination.js';

/**
 * Options of {@link deferDestination}.
 *
 * @example
 * const opts: DeferredDestinationOptions = { name: 'webhook', limits, load: () => createClient(config) };
 */
export interface DeferredDestinationOptions {
  readonly name: string;
  readonly limits: DestinationLimits;
  /** Loads the heavy modules and builds the real destination. */
  readonly load: () => Promise<Destination>;
}

/**
 * A destination that loads its heavy modules (SDK, HTTP client, zlib,
 * crypto) at its first `send`, not while the extension initializes: the
 * extension then reaches its first /event/next sooner, and the function's
 * cold start does not wait for modules that are only needed once there is
 * something to send. A failed load is a `retry` outcome naming the error,
 * and the next `send` loads again. `close` closes what was loaded.
 *
 * @example
 * return deferDestination({
 *   name: 'webhook',
 *   limits: WEBHOOK_LIMITS,
 *   load: () => loadWebhookDestination(config),
 * });
 */
export function deferDestination(
  opts: DeferredDestinationOptions
): Destination {
  let loading: Promise<Destination> | undefined;
  const loaded = (): Promise<Destination> => {
    loading ??= opts.load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return {
    name: opts.name,
    limits: opts.limits,
    async send(batch, ctx): Promise<SendOutcome> {
      let destination: Destination;
      try {
        destination = await loaded();
      } catch (error) {
        return {
          status: 'retry',
          reason: `loading the ${opts.name} destination failed: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
      return destination.send(batch, ctx);
    },
    async close() {
      const destination = await loading?.catch(() => undefined);
      await destination?.close?.();
    },
  };
}
