import type { Child } from './child.js';
import type { ApiExchange } from './http-util.js';
import type { ProcessStats } from './types.js';

/** Extension states of spec 3.7. */
export type ExtensionState =
  | 'Started'
  | 'Registered'
  | 'Ready'
  | 'Running'
  | 'Exited'
  | 'InitError'
  | 'ExitError'
  | 'ShutdownFailed'
  | 'LaunchError';

/** One extension of the current environment. */
export interface ExtensionRecord {
  name: string;
  /** A file in /opt/extensions (internal extensions have none). */
  external: boolean;
  id: string | undefined;
  events: string[];
  state: ExtensionState;
  errorType?: string;
  child?: Child;
  /** Stats of its process (external extensions). */
  stats?: ProcessStats;
  /** A next call held open until an event exists. */
  pending?: ApiExchange;
  queued: object[];
  /** Holds an INVOKE and has not called next since. */
  awaitingNext: boolean;
  /** performance.now() of the latest next call. */
  lastNextAtMs: number;
}

export function newRecord(name: string, external: boolean): ExtensionRecord {
  return {
    name,
    external,
    id: undefined,
    events: [],
    state: 'Started',
    queued: [],
    awaitingNext: false,
    lastNextAtMs: 0,
  };
}

/** Registered and neither failed nor gone: it may receive events. */
export function isActive(record: ExtensionRecord): boolean {
  return ['Registered', 'Ready', 'Running'].includes(record.state);
}

export function isInvoke(event: object): boolean {
  return (event as { eventType?: string }).eventType === 'INVOKE';
}
