/**
 * Counters of what happened to records, mutated in place by the listener,
 * pipeline, queue and sender. Every record that does not reach the
 * destination lands in exactly one loss counter (`filtered` is on purpose,
 * not a loss).
 *
 * @example
 * const stats = createLossStats();
 * stats.rejected += 2;
 */
export interface LossStats {
  /**
   * Events decoded from Telemetry/Logs API batches, plus the synthetic
   * `logdrain.shutdown` record (counted at SHUTDOWN).
   */
  received: number;
  /** Bodies (counted once each) or events that could not be parsed. */
  unparseable: number;
  /** Events removed on purpose by include/exclude/min-level. */
  filtered: number;
  /** Events the destination accepted. */
  delivered: number;
  /** Events the destination refused for good. */
  rejected: number;
  /** Events dropped (oldest first) because memory and spill were full. */
  droppedQueueFull: number;
  /** Estimated bytes of the events counted in `droppedQueueFull`. */
  droppedBytes: number;
  /** Events still queued when the extension had to stop. */
  unsent: number;
  /** Records Lambda itself dropped, from platform.logsDropped. */
  platformDropped: number;
}

/**
 * Makes a fresh set of counters, all zero.
 *
 * @example
 * const stats = createLossStats();
 * stats.received; // 0
 */
export function createLossStats(): LossStats {
  return {
    received: 0,
    unparseable: 0,
    filtered: 0,
    delivered: 0,
    rejected: 0,
    droppedQueueFull: 0,
    droppedBytes: 0,
    unsent: 0,
    platformDropped: 0,
  };
}

/**
 * One line per kind of loss, empty when nothing was lost. Suited to
 * logging one summary line per loss kind at shutdown.
 *
 * @example
 * describeLossKinds({ ...createLossStats(), unsent: 3 });
 * // ['3 records unsent: still queued when the extension stopped']
 */
export function describeLossKinds(stats: LossStats): string[] {
  const lines: string[] = [];
  if (stats.unparseable > 0) {
    // The listener counts a whole body it cannot parse as one.
    lines.push(
      `${stats.unparseable} unparseable (bodies or events that were not valid Telemetry API JSON)`
    );
  }
  if (stats.rejected > 0) {
    lines.push(`${records(stats.rejected)} rejected by the destination`);
  }
  if (stats.droppedQueueFull > 0) {
    lines.push(
      `${records(stats.droppedQueueFull)} dropped (oldest first, ` +
        `${stats.droppedBytes} bytes): memory and spill queue full`
    );
  }
  if (stats.unsent > 0) {
    lines.push(
      `${records(stats.unsent)} unsent: still queued when the extension stopped`
    );
  }
  if (stats.platformDropped > 0) {
    lines.push(
      `${records(stats.platformDropped)} dropped by Lambda before reaching ` +
        'the extension (platform.logsDropped)'
    );
  }
  return lines;
}

/**
 * One human line summing up every loss, or undefined when nothing was lost.
 *
 * @example
 * const stats = createLossStats();
 * stats.rejected = 2;
 * describeLosses(stats); // 'lost 2 records: 2 records rejected by the destination'
 */
export function describeLosses(stats: LossStats): string | undefined {
  const kinds = describeLossKinds(stats);
  if (kinds.length === 0) return undefined;
  const total =
    stats.unparseable +
    stats.rejected +
    stats.droppedQueueFull +
    stats.unsent +
    stats.platformDropped;
  return `lost ${records(total)}: ${kinds.join('; ')}`;
}

function records(count: number): string {
  return count === 1 ? '1 record' : `${count} records`;
}
