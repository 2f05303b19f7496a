import type { Subscriber } from './subscriber.js';
import type { TelemetryEvent } from './types.js';

export type Stream = 'platform' | 'function' | 'extension';

/** An event as generated, with what each API and schema gets to see. */
export interface BusEvent extends TelemetryEvent {
  stream: Stream;
  /** 'telemetry' or 'logs' restricts the event to one API. */
  api?: 'telemetry' | 'logs';
  /** String form for schema 2022-07-01 and the Logs API (JSON log lines). */
  text?: string;
  /** Record shape of the Logs API when it differs. */
  logsRecord?: unknown;
}

/** A subscription as the bus routes to it. */
export interface Subscription {
  extensionName: string;
  api: 'telemetry' | 'logs';
  schemaVersion: string;
  types: ReadonlySet<string>;
  subscriber: Subscriber;
}

// Platform events the Logs API carries (spec 5.2); runtimeDone needs 2021-03-18.
const LOGS_PLATFORM_TYPES = new Set([
  'platform.start',
  'platform.end',
  'platform.report',
  'platform.fault',
  'platform.extension',
  'platform.logsSubscription',
  'platform.logsDropped',
  'platform.runtimeDone',
]);

/**
 * Fans events out to subscribers, keeps the Init-phase events for late
 * subscribers (spec 4.1 side effects) and every event for the tests.
 */
export class TelemetryBus {
  readonly events: TelemetryEvent[] = [];
  #subscriptions = new Map<string, Subscription>();
  #initEvents: BusEvent[] | undefined;

  get subscriptions(): Subscription[] {
    return [...this.#subscriptions.values()];
  }

  beginInit(): void {
    this.#initEvents = [];
  }

  endInit(): void {
    this.#initEvents = undefined;
  }

  emit(event: BusEvent): void {
    // Kept for the tests and, unchanged, delivered to Telemetry API
    // subscribers: one object per event, not one more per subscriber.
    const plain = plainOf(event);
    this.events.push(plain);
    this.#initEvents?.push(event);
    for (const sub of this.#subscriptions.values()) deliver(sub, event, plain);
  }

  /** Adds or replaces a subscription and replays the Init-phase events. */
  subscribe(sub: Subscription): void {
    this.#subscriptions.get(sub.extensionName)?.subscriber.stop();
    this.#subscriptions.set(sub.extensionName, sub);
    for (const event of this.#initEvents ?? []) {
      deliver(sub, event, plainOf(event));
    }
  }

  subscriptionOf(extensionName: string): Subscription | undefined {
    return this.#subscriptions.get(extensionName);
  }

  /** Stops and forgets every subscription (end of an environment). */
  clear(): void {
    for (const sub of this.#subscriptions.values()) sub.subscriber.stop();
    this.#subscriptions.clear();
  }
}

function plainOf(event: BusEvent): TelemetryEvent {
  return { time: event.time, type: event.type, record: event.record };
}

function deliver(
  sub: Subscription,
  event: BusEvent,
  plain: TelemetryEvent
): void {
  const mapped = mapFor(sub, event, plain);
  if (mapped) sub.subscriber.push(mapped);
}

function mapFor(
  sub: Subscription,
  event: BusEvent,
  plain: TelemetryEvent
): object | undefined {
  if (!sub.types.has(event.stream)) return undefined;
  if (event.api !== undefined && event.api !== sub.api) return undefined;
  const { time, type } = event;
  if (sub.api === 'logs') {
    if (event.stream !== 'platform') {
      return { time, type, record: event.text ?? event.record };
    }
    if (!LOGS_PLATFORM_TYPES.has(type)) return undefined;
    if (type === 'platform.runtimeDone' && sub.schemaVersion !== '2021-03-18') {
      return undefined;
    }
    return { time, type, record: event.logsRecord ?? event.record };
  }
  if (sub.schemaVersion === '2022-07-01' && event.text !== undefined) {
    return { time, type, record: event.text };
  }
  return plain;
}
