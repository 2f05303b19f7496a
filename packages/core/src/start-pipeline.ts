import { createCircuitBreaker } from './circuit-breaker.js';
import type { CoreConfig } from './core-config.js';
import { createDecoder } from './decode.js';
import type { Destination } from './destination.js';
import { createEventIntake } from './event-intake.js';
import type { ExtensionsClient } from './extensions-client.js';
import { createFlushPolicy, type FlushPolicySpec } from './flush-policy.js';
import { createFlusher } from './flusher.js';
import { capHeapSoon } from './heap-tuning.js';
import { runInvokeLoop } from './invoke-loop.js';
import { createInvokeTracker } from './invoke-tracker.js';
import { resolveListenerHost, startListener } from './listener.js';
import type { FunctionContext, LogStream } from './log-event.js';
import type { Logger } from './logger.js';
import { createLossStats, describeLosses } from './loss-stats.js';
import { createPipeline } from './pipeline.js';
import { createQueue } from './queue.js';
import { createRedactor } from './redact.js';
import { createSender } from './sender.js';
import { drainOnShutdown } from './shutdown-drain.js';
import { subscribeTelemetry } from './telemetry-subscription.js';

/**
 * Options of {@link startPipeline}.
 *
 * @example
 * const started = await startPipeline(opts satisfies StartPipelineOptions);
 */
export interface StartPipelineOptions {
  readonly client: ExtensionsClient;
  readonly core: CoreConfig;
  readonly context: FunctionContext;
  readonly log: Logger;
  readonly extensionId: string;
  /** Registered for SHUTDOWN only: flush in the background. */
  readonly managedInstances: boolean;
  readonly spillDir: string;
  readonly createDestination: () => Destination | Promise<Destination>;
  /**
   * Cap V8's heap once running (see capHeap); default true. It trades
   * CPU per line for peak RSS: a destination that holds large buffers
   * across many scavenges may pay more CPU than it saves memory (the AWS
   * SDK's copies of 1 MB batches cost cloudwatch 1.4× CPU; every layer
   * caps since the SDK went).
   */
  readonly capHeap?: boolean;
}

/**
 * A started extension, between init and exit.
 *
 * @example
 * const started: StartedPipeline = await startPipeline(opts);
 * await started.run();
 */
export interface StartedPipeline {
  /** Loops until SHUTDOWN and drains. Throws when /event/next is broken. */
  run(): Promise<void>;
  /** Last resort after `run` threw: flush for up to 1 s, report losses. */
  abandon(): Promise<void>;
}

/** Background interval on Managed Instances unless the policy sets one. */
const MANAGED_INTERVAL_MS = 1_000;
const ABANDON_FLUSH_MS = 1_000;

/**
 * Everything between registration and the first /event/next: the data path
 * (decoder → pipeline → queue → flusher → sender → destination), the
 * listener, the destination (created while the listener starts) and the
 * subscription. Platform events are always subscribed: the flush policy
 * and SHUTDOWN wait on platform.runtimeDone and platform.report; they are
 * shipped only when LOGDRAIN_TYPES asks for them. Throws (after closing
 * what it opened) when any step fails: the caller reports an init error.
 *
 * @example
 * const started = await startPipeline({ client, core, context, log, extensionId, managedInstances: false, spillDir: '/tmp/logdrain-x', createDestination });
 * await started.run();
 */
export async function startPipeline(
  opts: StartPipelineOptions
): Promise<StartedPipeline> {
  const { core, context, log } = opts;
  const stats = createLossStats();
  const tracker = createInvokeTracker();
  const queue = createQueue({
    maxBytes: core.bufferMaxBytes,
    spillMaxBytes: core.spillMaxBytes,
    spillDir: opts.spillDir,
    stats,
    log: log.child('queue'),
  });
  const hasRedaction =
    core.redact.names.length > 0 || core.redact.patterns.length > 0;
  const onEvents = createEventIntake({
    decoder: createDecoder({ context }),
    tracker,
    pipeline: createPipeline({
      include: core.include,
      exclude: core.exclude,
      minLevel: core.minLevel,
      redact: hasRedaction ? createRedactor(core.redact) : undefined,
      stats,
    }),
    queue,
    stats,
    log: log.child('intake'),
    types: core.types,
    extensionName: context.extensionName,
  });

  const destinationPromise = Promise.resolve().then(opts.createDestination);
  // Handled below; this only avoids an unhandled rejection meanwhile.
  destinationPromise.catch(() => undefined);
  const host = resolveListenerHost({ host: core.listenerHost });
  const listener = await startListener({
    host,
    port: core.listenerPort,
    onEvents,
    stats,
    log: log.child('listener'),
  });

  let destination: Destination;
  let telemetryActive = true;
  try {
    destination = await destinationPromise;
    const types: LogStream[] = [
      'platform',
      ...core.types.filter((t) => t !== 'platform'),
    ];
    const subscription = await subscribeTelemetry({
      baseUrl: opts.client.baseUrl,
      agent: opts.client.agent,
      extensionId: opts.extensionId,
      port: listener.port,
      types,
      buffering: core.telemetry,
    });
    if (subscription.mode === 'unsupported') {
      telemetryActive = false;
      log.warn(
        `the platform does not support the Telemetry API (${subscription.reason}): running without telemetry, nothing will be shipped`
      );
    } else if (subscription.mode === 'logs') {
      log.info('subscribed through the Logs API (Telemetry API not found)');
    }
  } catch (error) {
    await listener.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
    throw error;
  }

  // The circuit makes a dead destination cost the function nothing.
  const sender = createSender({
    destination,
    log: log.child('sender'),
    stats,
    circuit: createCircuitBreaker(),
  });
  const flusher = createFlusher({
    queue,
    sender,
    limits: destination.limits,
    log: log.child('flusher'),
  });
  const policySpec: FlushPolicySpec = opts.managedInstances
    ? {
        kind: 'continuous',
        intervalMs:
          core.flush.kind === 'periodic' || core.flush.kind === 'continuous'
            ? core.flush.intervalMs
            : MANAGED_INTERVAL_MS,
      }
    : core.flush;
  const queuedTotal = (): number => stats.received - stats.filtered;

  return {
    async run() {
      // Acts on a later turn, once the first /event/next is on its way,
      // and before the first invoke floods the listener.
      if (opts.capHeap ?? true) capHeapSoon();
      const shutdown = await runInvokeLoop({
        client: opts.client,
        policy: createFlushPolicy(policySpec),
        tracker,
        queue,
        flusher,
        log: log.child('loop'),
        telemetryActive,
      });
      await drainOnShutdown({
        event: shutdown,
        tracker,
        queue,
        flusher,
        destination,
        listener,
        stats,
        log,
        context,
        telemetryActive,
        quietMs: core.telemetry.timeoutMs + 100,
        queuedTotal,
      });
    },
    async abandon() {
      const deadlineMs = Date.now() + ABANDON_FLUSH_MS;
      flusher.abortRunning();
      await Promise.race([
        flusher.flush({ deadlineMs, final: true }).catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, ABANDON_FLUSH_MS + 50)),
      ]);
      // Closed first: a part the stitcher still holds is counted in the
      // summary below.
      await listener.close().catch(() => undefined);
      const accounted =
        stats.delivered + stats.rejected + stats.droppedQueueFull;
      stats.unsent += Math.max(queue.length, queuedTotal() - accounted);
      const losses = describeLosses(stats);
      if (losses !== undefined) log.error(losses, { ...stats });
    },
  };
}
