import { randomUUID } from 'node:crypto';
import type { Child } from './child.js';
import {
  type ApiExchange,
  parseJson,
  sendError,
  sendJson,
} from './http-util.js';

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
  /** A next call held open until an event exists. */
  pending?: ApiExchange;
  queued: object[];
  /** Holds an INVOKE and has not called next since. */
  awaitingNext: boolean;
  lastNextAtMs: number;
}

/** What register answers with (spec 3.2). */
export interface FunctionInfo {
  functionName: string;
  functionVersion: string;
  handler: string;
  accountId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_EXTENSIONS = 10;
const EVENTS = ['INVOKE', 'SHUTDOWN'];

/** Register, next, init/error and exit/error of spec 3, 403 catalogue included. */
export class ExtensionsApi {
  readonly records = new Map<string, ExtensionRecord>();
  registrationOpen = true;
  #byId = new Map<string, ExtensionRecord>();
  #info: FunctionInfo;
  #notify: () => void;

  constructor(opts: {
    externalNames: readonly string[];
    info: FunctionInfo;
    notify: () => void;
  }) {
    this.#info = opts.info;
    this.#notify = opts.notify;
    for (const name of opts.externalNames) {
      this.records.set(name, newRecord(name, true));
    }
  }

  get registered(): ExtensionRecord[] {
    return [...this.records.values()].filter((r) => r.id !== undefined);
  }

  /** Finds the caller by Lambda-Extension-Identifier, or answers 403. */
  identify(ex: ApiExchange): ExtensionRecord | undefined {
    const id = ex.req.headers['lambda-extension-identifier'];
    if (typeof id !== 'string' || id === '') {
      sendError(
        ex,
        403,
        'Extension.MissingExtensionIdentifier',
        'Missing Lambda-Extension-Identifier header'
      );
      return undefined;
    }
    if (!UUID.test(id)) {
      sendError(
        ex,
        403,
        'Extension.InvalidExtensionIdentifier',
        `Invalid Lambda-Extension-Identifier: ${id}`
      );
      return undefined;
    }
    const record = this.#byId.get(id);
    if (!record) {
      sendError(
        ex,
        403,
        'Extension.UnknownExtensionIdentifier',
        `Unknown extension identifier: ${id}`
      );
      return undefined;
    }
    ex.call.extension = record.name;
    return record;
  }

  register(ex: ApiExchange, body: Buffer): void {
    const header = ex.req.headers['lambda-extension-name'];
    const name = typeof header === 'string' ? header : '';
    if (name !== '') ex.call.extension = name;
    if (name === '') {
      sendError(
        ex,
        403,
        'Extension.InvalidExtensionName',
        'Empty extension name'
      );
      return;
    }
    if (!this.registrationOpen) {
      sendError(
        ex,
        403,
        'Extension.RegistrationClosed',
        'Extension registration is closed'
      );
      return;
    }
    const parsed = body.length === 0 ? {} : parseJson(body);
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      Array.isArray(parsed)
    ) {
      sendError(
        ex,
        403,
        'InvalidRequestFormat',
        'Request body is not a JSON object'
      );
      return;
    }
    const { events = [], configurationKeys } = parsed as Record<
      string,
      unknown
    >;
    if (Array.isArray(configurationKeys) && configurationKeys.length > 0) {
      sendError(
        ex,
        403,
        'InvalidRequestFormat',
        'configurationKeys are not supported'
      );
      return;
    }
    if (!Array.isArray(events) || !events.every((e) => EVENTS.includes(e))) {
      sendError(
        ex,
        403,
        'Extension.InvalidEventType',
        `Invalid event types: ${JSON.stringify(events)}`
      );
      return;
    }
    const existing = this.records.get(name);
    if (existing?.id !== undefined) {
      sendError(
        ex,
        403,
        'Extension.InvalidExtensionState',
        `Extension ${name} is already registered`
      );
      return;
    }
    const external = existing?.external ?? false;
    if (!external && events.includes('SHUTDOWN')) {
      sendError(
        ex,
        403,
        'Extension.InvalidEventType',
        'Internal extensions cannot register for SHUTDOWN'
      );
      return;
    }
    if (this.registered.length >= MAX_EXTENSIONS) {
      sendError(
        ex,
        403,
        'Extension.TooManyExtensions',
        'Extension limit (10) reached'
      );
      return;
    }
    const record = existing ?? newRecord(name, false);
    record.id = randomUUID();
    record.events = [...new Set(events as string[])];
    record.state = 'Registered';
    this.records.set(name, record);
    this.#byId.set(record.id, record);
    const features = String(
      ex.req.headers['lambda-extension-accept-feature'] ?? ''
    )
      .split(',')
      .map((f) => f.trim());
    const { functionName, functionVersion, handler, accountId } = this.#info;
    sendJson(
      ex,
      200,
      {
        functionName,
        functionVersion,
        handler,
        ...(features.includes('accountId') ? { accountId } : {}),
      },
      { 'lambda-extension-identifier': record.id }
    );
    this.#notify();
  }

  next(ex: ApiExchange): void {
    const record = this.identify(ex);
    if (!record) return;
    if (!['Registered', 'Ready', 'Running'].includes(record.state)) {
      sendError(
        ex,
        403,
        'Extension.InvalidExtensionState',
        `Extension ${record.name} is in state ${record.state}`
      );
      return;
    }
    if (record.pending) {
      sendError(
        record.pending,
        403,
        'Extension.InvalidExtensionState',
        'A newer next call replaced this one'
      );
    }
    record.lastNextAtMs = performance.now();
    // An INVOKE still queued keeps the extension busy until it took it.
    record.awaitingNext = record.queued.some(isInvoke);
    record.state = 'Ready';
    record.pending = ex;
    ex.res.on('close', () => {
      if (record.pending === ex) record.pending = undefined;
    });
    this.#deliverQueued(record);
    this.#notify();
  }

  /** init/error and exit/error (spec 3.4, 3.5): 202, then refuse the extension. */
  reportError(ex: ApiExchange, kind: 'init' | 'exit'): void {
    const record = this.identify(ex);
    if (!record) return;
    if (
      typeof ex.req.headers['lambda-extension-function-error-type'] !== 'string'
    ) {
      sendError(
        ex,
        403,
        'Extension.MissingHeader',
        'Missing Lambda-Extension-Function-Error-Type header'
      );
      return;
    }
    if (!['Registered', 'Ready', 'Running'].includes(record.state)) {
      sendError(
        ex,
        403,
        'Extension.InvalidExtensionState',
        `Extension ${record.name} is in state ${record.state}`
      );
      return;
    }
    record.state = kind === 'init' ? 'InitError' : 'ExitError';
    record.errorType =
      kind === 'init' ? 'Extension.InitError' : 'Extension.ExitError';
    if (record.pending) {
      sendError(
        record.pending,
        403,
        'Extension.InvalidExtensionState',
        `Extension ${record.name} reported an error`
      );
      record.pending = undefined;
    }
    sendJson(ex, 202, { status: 'OK' });
    this.#notify();
  }

  /** Hands an event to the extension now, or at its next call. */
  dispatch(record: ExtensionRecord, event: object): void {
    record.queued.push(event);
    if (isInvoke(event)) record.awaitingNext = true;
    this.#deliverQueued(record);
  }

  #deliverQueued(record: ExtensionRecord): void {
    const ex = record.pending;
    const event = record.queued[0];
    if (!ex || event === undefined || ex.res.destroyed) return;
    record.queued.shift();
    record.pending = undefined;
    record.state = 'Running';
    sendJson(ex, 200, event, {
      'lambda-extension-event-identifier': randomUUID(),
      'lambda-extension-identifier': record.id ?? '',
    });
  }
}

function newRecord(name: string, external: boolean): ExtensionRecord {
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

function isInvoke(event: object): boolean {
  return (event as { eventType?: string }).eventType === 'INVOKE';
}
