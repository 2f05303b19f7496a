import { cutBatch, estimateEventBytes } from './batcher.js';
import type { DestinationLimits } from './destination.js';
import type { LogEvent } from './log-event.js';

/**
 * The in-memory part of the queue: a FIFO of events with their estimated
 * sizes and enqueue times, kept in parallel arrays so that queuing an event
 * allocates no wrapper object. The consumed front is reclaimed now and
 * then (amortized O(1) per event).
 *
 * @example
 * const deque = new EventDeque();
 * deque.push(event, estimateEventBytes(event), Date.now());
 * const batch = deque.take(destination.limits);
 */
export class EventDeque {
  #events: (LogEvent | undefined)[] = [];
  #sizes: number[] = [];
  #times: number[] = [];
  #head = 0;
  #bytes = 0;
  #lastTakenEnqueuedMs: number | undefined;
  /**
   * How many front events were put back by `unshift`. The next `take` hands
   * them out as they were, without newer events: a destination that names
   * its writes after the batch content (S3 keys) then replaces its own
   * unconfirmed write instead of duplicating it.
   */
  #sealed = 0;

  get length(): number {
    return this.#events.length - this.#head;
  }

  /** Sum of the estimated sizes. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Enqueue time of the first event; undefined when empty. */
  get oldestEnqueuedMs(): number | undefined {
    return this.length > 0 ? this.#times[this.#head] : undefined;
  }

  push(event: LogEvent, size: number, enqueuedMs: number): void {
    this.#events.push(event);
    this.#sizes.push(size);
    this.#times.push(enqueuedMs);
    this.#bytes += size;
  }

  /** Removes the first event; returns its size (0 when empty). */
  dropOldest(): number {
    if (this.length === 0) return 0;
    const size = this.#sizes[this.#head] ?? 0;
    if (this.#sealed > 0) this.#sealed -= 1;
    this.#events[this.#head] = undefined;
    this.#head += 1;
    this.#bytes -= size;
    this.#compact();
    return size;
  }

  /**
   * Removes and returns the first events that fit `limits` (see cutBatch);
   * events put back by `unshift` come out alone, as the batch they were.
   */
  take(limits: DestinationLimits): LogEvent[] {
    const head = this.#head;
    const fitting = cutBatch({
      sizes: this.#sizes,
      start: head,
      end: this.#events.length,
      limits,
    });
    const count = this.#sealed > 0 ? Math.min(this.#sealed, fitting) : fitting;
    this.#sealed -= Math.min(this.#sealed, count);
    if (count === 0) return [];
    const batch = this.#events.slice(head, head + count) as LogEvent[];
    this.#lastTakenEnqueuedMs = this.#times[head];
    for (let i = head; i < head + count; i++) {
      this.#events[i] = undefined;
      this.#bytes -= this.#sizes[i] ?? 0;
    }
    this.#head += count;
    this.#compact();
    return batch;
  }

  /**
   * Puts events back at the front, in their order. They keep the enqueue
   * time of the last batch taken (they usually are that batch), so a
   * failed send does not make old events look new.
   */
  unshift(events: readonly LogEvent[], nowMs: number): void {
    if (events.length === 0) return;
    const enqueuedMs = Math.min(this.#lastTakenEnqueuedMs ?? nowMs, nowMs);
    if (this.#head < events.length) {
      const gap = events.length - this.#head;
      this.#events = [...new Array<undefined>(gap), ...this.#events];
      this.#sizes = [...new Array<number>(gap).fill(0), ...this.#sizes];
      this.#times = [...new Array<number>(gap).fill(0), ...this.#times];
      this.#head += gap;
    }
    // Usually the very slots these events were just taken from.
    this.#head -= events.length;
    this.#sealed += events.length;
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as LogEvent;
      const size = estimateEventBytes(event);
      this.#events[this.#head + i] = event;
      this.#sizes[this.#head + i] = size;
      this.#times[this.#head + i] = enqueuedMs;
      this.#bytes += size;
    }
  }

  #compact(): void {
    if (this.#head > 1_024 && this.#head * 2 > this.#events.length) {
      this.#events = this.#events.slice(this.#head);
      this.#sizes = this.#sizes.slice(this.#head);
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }
}
