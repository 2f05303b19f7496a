import type {
  InitReport,
  InvokeResult,
  ProcessStats,
  Sandbox,
  ShutdownResult,
  StreamCounts,
} from './types.js';

/** p50, p95 and max of some milliseconds (nearest rank). */
export interface Spread {
  p50: number;
  p95: number;
  max: number;
}

/** Deliveries to one subscriber. */
export interface SubscriberDeliveries {
  subscriber: string;
  api: string;
  schemaVersion: string;
  protocol: string;
  posts: number;
  /** POSTs per HTTP status ('error': no answer). */
  statuses: Record<string, number>;
  /** Events in 2xx POSTs. */
  events: number;
}

/** What became of the function's lines at one subscriber. */
export interface LineAccount {
  subscriber: string;
  received: number;
  delivered: number;
  droppedByLogsDropped: number;
  stillBuffered: number;
  /** generated = delivered + dropped + still buffered. */
  accounted: boolean;
}

/** One process in the summary: start-up, footprint and exit. */
export interface ProcessSummary extends ProcessStats {
  spawnToRegisterMs?: number;
  spawnToReadyMs?: number;
  /** Exit time after SHUTDOWN was sent (the last shutdown or reset). */
  exitAfterShutdownMs?: number;
  beforeDeadline?: boolean;
}

/** The whole run: what `--json` prints and the summary is made from. */
export interface RunSummary {
  init: InitReport;
  invokes: Array<Omit<InvokeResult, 'reset'> & { n: number; reset?: string }>;
  invokeSpread?: { durationMs: Spread; postRuntimeMs: Spread };
  deliveries: SubscriberDeliveries[];
  lines: { generated: number; subscribers: LineAccount[] };
  extensions: ProcessSummary[];
  runtime: ProcessSummary[];
  shutdown: ShutdownResult;
}

/** Builds the {@link RunSummary} of a finished run. */
export function summarise(
  sandbox: Sandbox,
  results: readonly InvokeResult[],
  shutdown: ShutdownResult
): RunSummary {
  const invokes = results.map(({ reset, ...rest }, i) => ({
    n: i + 1,
    ...rest,
    ...(reset ? { reset: reset.reason } : {}),
  }));
  const generated = sandbox.functionOutput.length;
  const sum = (c: StreamCounts) => c.function;
  const subscriberLines = sandbox.subscriptions
    .filter((s) => s.types.includes('function'))
    .map((s) => ({
      subscriber: s.subscriber,
      received: sum(s.received),
      delivered: sum(s.delivered),
      droppedByLogsDropped: sum(s.dropped),
      stillBuffered: sum(s.buffered),
      accounted:
        generated === sum(s.delivered) + sum(s.dropped) + sum(s.buffered),
    }));
  const extensions = sandbox.extensionStats.map((p) => {
    const exit = shutdown.extensions.find(
      (e) => e.name === p.name && e.exitedAtMs === p.exitedAtMs
    );
    return {
      ...processSummary(p),
      ...(exit
        ? {
            exitAfterShutdownMs: Math.max(
              0,
              exit.exitedAtMs - shutdown.sentAtMs
            ),
            beforeDeadline: exit.beforeDeadline,
          }
        : {}),
    };
  });
  return {
    init: sandbox.initReport,
    invokes,
    ...(results.length > 1
      ? {
          invokeSpread: {
            durationMs: spread(results.map((r) => r.durationMs)),
            postRuntimeMs: spread(results.map((r) => r.postRuntimeMs)),
          },
        }
      : {}),
    deliveries: deliveriesBySubscriber(sandbox),
    lines: { generated, subscribers: subscriberLines },
    extensions,
    runtime: sandbox.runtimeStats.map(processSummary),
    shutdown,
  };
}

/** Nearest-rank percentiles. */
export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) =>
    sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return { p50: rank(50), p95: rank(95), max: sorted.at(-1) ?? 0 };
}

function processSummary(p: ProcessStats): ProcessSummary {
  const since = (at: number | undefined) =>
    at === undefined ? undefined : at - p.spawnedAtMs;
  const toRegister = since(p.registeredAtMs);
  const toReady = since(p.firstNextAtMs);
  return {
    ...p,
    ...(toRegister !== undefined ? { spawnToRegisterMs: toRegister } : {}),
    ...(toReady !== undefined ? { spawnToReadyMs: toReady } : {}),
  };
}

function deliveriesBySubscriber(sandbox: Sandbox): SubscriberDeliveries[] {
  const bySubscriber = new Map<string, SubscriberDeliveries>();
  for (const s of sandbox.subscriptions) {
    if (bySubscriber.has(s.subscriber)) continue;
    bySubscriber.set(s.subscriber, {
      subscriber: s.subscriber,
      api: s.api,
      schemaVersion: s.schemaVersion,
      protocol: s.protocol,
      posts: 0,
      statuses: {},
      events: 0,
    });
  }
  for (const d of sandbox.deliveries) {
    const entry = bySubscriber.get(d.subscriber);
    if (!entry) continue;
    entry.posts += 1;
    const key = String(d.status);
    entry.statuses[key] = (entry.statuses[key] ?? 0) + 1;
    if (typeof d.status === 'number' && d.status >= 200 && d.status < 300) {
      entry.events += d.events.length;
    }
  }
  return [...bySubscriber.values()];
}
