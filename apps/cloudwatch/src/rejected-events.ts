/** PutLogEvents' `rejectedLogEventsInfo`. */
export interface RejectedInfo {
  readonly tooNewLogEventStartIndex?: number;
  readonly tooOldLogEventEndIndex?: number;
  readonly expiredLogEventEndIndex?: number;
}

// CloudWatch Logs takes events from the last 14 days to 2 hours ahead.
const OLDEST_MS = 14 * 24 * 60 * 60 * 1_000;
const NEWEST_MS = 2 * 60 * 60 * 1_000;

/**
 * The indices (within one call) of the events CloudWatch Logs refused, and
 * how many for each cause. AWS documents `tooNewLogEventStartIndex` as inclusive and
 * the two end indices as exclusive; moto 5.2.5 answers the index of the
 * last refused event in both fields instead. The bounds are therefore
 * read as documented, and the one event at a bound is also counted when
 * its own timestamp is outside the accepted window.
 *
 * @example
 * rejectedIndices({ info: { tooOldLogEventEndIndex: 2 }, timestamps, nowMs: Date.now() });
 * // → { indices: [0, 1], counts: { tooOld: 2, expired: 0, tooNew: 0 } }
 */
export function rejectedIndices(opts: {
  readonly info: RejectedInfo | undefined;
  readonly timestamps: readonly number[];
  readonly nowMs: number;
}): { indices: number[]; counts: RefusalCounts } {
  const { info, timestamps, nowMs } = opts;
  const tooOld = new Set<number>();
  const expired = new Set<number>();
  const tooNew = new Set<number>();
  timestamps.forEach((timestamp, i) => {
    const old = info?.tooOldLogEventEndIndex;
    if (old !== undefined) {
      if (i < old || (i === old && timestamp < nowMs - OLDEST_MS)) {
        tooOld.add(i);
      }
    }
    const gone = info?.expiredLogEventEndIndex;
    if (gone !== undefined && i < gone) expired.add(i);
    const start = info?.tooNewLogEventStartIndex;
    if (start !== undefined) {
      if (i >= start || timestamp > nowMs + NEWEST_MS) tooNew.add(i);
    }
  });
  const indices = [...new Set([...tooOld, ...expired, ...tooNew])].sort(
    (a, b) => a - b
  );
  return {
    indices,
    counts: { tooOld: tooOld.size, expired: expired.size, tooNew: tooNew.size },
  };
}

/** Refused events of one send, by cause (an event may have two causes). */
export interface RefusalCounts {
  readonly tooOld: number;
  readonly expired: number;
  readonly tooNew: number;
}

/**
 * One reason line for the refused events of a send.
 *
 * @example
 * describeRefusals({ refused: 2, sent: 10, counts: { tooOld: 2, expired: 0, tooNew: 0 } });
 * // → 'CloudWatch Logs refused 2 of 10 events: 2 older than 14 days'
 */
export function describeRefusals(opts: {
  readonly refused: number;
  readonly sent: number;
  readonly counts: RefusalCounts;
}): string {
  const { counts } = opts;
  const parts = [
    counts.tooOld > 0 ? `${counts.tooOld} older than 14 days` : '',
    counts.expired > 0
      ? `${counts.expired} past the log group's retention`
      : '',
    counts.tooNew > 0 ? `${counts.tooNew} more than 2 hours ahead` : '',
  ].filter((part) => part !== '');
  return `CloudWatch Logs refused ${opts.refused} of ${opts.sent} events: ${parts.join(', ')}`;
}
