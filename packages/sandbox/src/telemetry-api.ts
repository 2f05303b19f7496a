import type { SandboxContext } from './context.js';
import { type ApiExchange, sendError, sendJson } from './http-util.js';
import { emitPlatform } from './records.js';
import { Subscriber } from './subscriber.js';
import { parseSubscription } from './subscription-request.js';
import { zeroCounts } from './subscription-stats.js';
import type { SubscriptionStats } from './types.js';

const NOT_SUPPORTED = {
  telemetry: {
    errorType: 'Telemetry.NotSupported',
    errorMessage: 'Telemetry API is not supported',
  },
  logs: {
    errorType: 'Logs.NotSupported',
    errorMessage: 'Logs API is not supported',
  },
};

const DROPPED_REASON = {
  telemetry:
    'Some logs were dropped because the downstream consumer is slower than the logs production rate',
  logs: 'Consumer seems to have fallen behind as it has not acknowledged receipt of logs.',
};

/** PUT /2022-07-01/telemetry and PUT /2020-08-15/logs (spec 4.1, 5.1). */
export function subscribe(
  ctx: SandboxContext,
  ex: ApiExchange,
  api: 'telemetry' | 'logs',
  body: Buffer
): void {
  const gen = ctx.gen;
  const record = gen?.extensions.identify(ex);
  if (!gen || !record) return;
  if (ctx.opts.telemetry === 'not-supported') {
    sendJson(ex, 202, NOT_SUPPORTED[api]);
    return;
  }
  const managed = ctx.opts.mode === 'managed-instances';
  if (managed && api === 'logs') {
    // Spec 5: not available on Lambda Managed Instances (answer unconfirmed).
    sendError(
      ex,
      404,
      'Logs.NotSupported',
      'The Logs API is not available on Lambda Managed Instances'
    );
    return;
  }
  if (!gen.subscriptionsOpen) {
    const prefix = api === 'telemetry' ? 'Telemetry' : 'Logs';
    sendError(
      ex,
      403,
      `${prefix}.SubscriptionClosed`,
      `${prefix} API subscription is closed`
    );
    return;
  }
  const validationType =
    api === 'telemetry' ? 'ValidationError' : 'Logs.ValidationError';
  const parsed = parseSubscription(api, body.toString('utf8'));
  if (!parsed.ok) {
    sendError(ex, 400, validationType, parsed.errorMessage);
    return;
  }
  if (managed && parsed.request.schemaVersion !== '2025-01-29') {
    sendError(
      ex,
      400,
      validationType,
      `Lambda Managed Instances require schemaVersion 2025-01-29, got ${parsed.request.schemaVersion}`
    );
    return;
  }
  const existing = ctx.bus.subscriptionOf(record.name);
  if (existing && existing.api !== api) {
    sendError(
      ex,
      400,
      'ValidationError',
      `${record.name} already subscribed with the ${existing.api === 'logs' ? 'Logs' : 'Telemetry'} API; an extension may use only one of them`
    );
    return;
  }
  if (existing && api === 'logs') {
    // Spec 5.1: idempotent, a repeat does not duplicate the stream.
    sendJson(ex, 200, 'OK');
    return;
  }
  const request = parsed.request;
  const stats: SubscriptionStats = {
    subscriber: record.name,
    api,
    schemaVersion: request.schemaVersion,
    types: [...request.types],
    protocol: request.protocol,
    generation: ctx.inits - 1,
    received: zeroCounts(),
    delivered: zeroCounts(),
    dropped: zeroCounts(),
    buffered: zeroCounts(),
  };
  ctx.subscriptionStats.push(stats);
  const subscriber = new Subscriber({
    name: record.name,
    protocol: request.protocol,
    port: request.port,
    path: request.path,
    hostHeader: request.hostHeader,
    method: request.method,
    maxItems: request.maxItems,
    maxBytes: request.maxBytes,
    timeoutMs: request.timeoutMs,
    bufferMaxBytes: ctx.opts.telemetryBufferMaxBytes,
    attemptTimeoutMs: ctx.opts.deliveryTimeoutMs,
    droppedReason: DROPPED_REASON[api],
    scheduler: ctx.scheduler,
    phase: () => ctx.phase,
    onDelivery: (delivery) => ctx.deliveries.push(delivery),
    isPaused: () => ctx.paused.all || ctx.paused.names.has(record.name),
    stats,
  });
  ctx.bus.subscribe({
    extensionName: record.name,
    api,
    schemaVersion: request.schemaVersion,
    types: request.types,
    subscriber,
  });
  sendJson(ex, 200, 'OK');
  const event = {
    name: record.name,
    state: 'Subscribed',
    types: [...request.types],
  };
  if (api === 'telemetry') {
    emitPlatform(ctx, 'platform.telemetrySubscription', event, { api });
  } else {
    emitPlatform(ctx, 'platform.logsSubscription', event, { api });
  }
}
