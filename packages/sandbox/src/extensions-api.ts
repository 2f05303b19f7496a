import { randomUUID } from 'node:crypto';
import {
  type ExtensionRecord,
  isActive,
  isInvoke,
  newRecord,
} from './extension-record.js';
import { type ApiExchange, sendError, sendJson } from './http-util.js';
import { readThreadsCpuMs } from './proc-stats.js';
import { parseRegister } from './register-request.js';

/** What register answers with (spec 3.2). */
export interface FunctionInfo {
  functionName: string;
  functionVersion: string;
  handler: string;
  accountId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_EXTENSIONS = 10;

/** Register, next, init/error and exit/error of spec 3 (403s of 3.6). */
export class ExtensionsApi {
  readonly records = new Map<string, ExtensionRecord>();
  registrationOpen = true;
  #byId = new Map<string, ExtensionRecord>();
  #info: FunctionInfo;
  #notify: () => void;
  #invokeAllowed: boolean;

  constructor(opts: {
    externalNames: readonly string[];
    info: FunctionInfo;
    notify: () => void;
    /** False on Managed Instances: INVOKE is refused (spec 2.7). */
    invokeAllowed?: boolean;
  }) {
    this.#invokeAllowed = opts.invokeAllowed ?? true;
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
    const record = typeof id === 'string' ? this.#byId.get(id) : undefined;
    if (typeof id !== 'string' || id === '') {
      deny(ex, 'Extension.MissingExtensionIdentifier', 'Missing identifier');
    } else if (!UUID.test(id)) {
      deny(ex, 'Extension.InvalidExtensionIdentifier', `Invalid id ${id}`);
    } else if (!record) {
      deny(ex, 'Extension.UnknownExtensionIdentifier', `Unknown id ${id}`);
    } else {
      ex.call.extension = record.name;
    }
    return record;
  }

  register(ex: ApiExchange, body: Buffer): void {
    const request = parseRegister(ex.req.headers, body);
    if (!request.ok) {
      deny(ex, request.errorType, request.errorMessage);
      return;
    }
    const { name, events } = request;
    ex.call.extension = name;
    const existing = this.records.get(name);
    const external = existing?.external ?? false;
    if (!this.registrationOpen) {
      deny(
        ex,
        'Extension.RegistrationClosed',
        'Extension registration is closed'
      );
    } else if (existing?.id !== undefined) {
      deny(
        ex,
        'Extension.InvalidExtensionState',
        `${name} is already registered`
      );
    } else if (!external && events.includes('SHUTDOWN')) {
      // A name that is no file in /opt/extensions is an internal extension.
      deny(
        ex,
        'Extension.InvalidEventType',
        'Internal extensions cannot register for SHUTDOWN'
      );
    } else if (!this.#invokeAllowed && events.includes('INVOKE')) {
      deny(
        ex,
        'Extension.InvalidEventType',
        'INVOKE is not supported on Lambda Managed Instances; register for SHUTDOWN only'
      );
    } else if (this.registered.length >= MAX_EXTENSIONS) {
      deny(ex, 'Extension.TooManyExtensions', 'Extension limit (10) reached');
    } else {
      const record = existing ?? newRecord(name, false);
      record.id = randomUUID();
      record.events = events;
      record.state = 'Registered';
      this.records.set(name, record);
      this.#byId.set(record.id, record);
      if (record.stats) {
        record.stats.registeredAtMs = Date.now();
        record.stats.cpuAtRegisterMs = readThreadsCpuMs(record.stats.pid);
      }
      const { accountId, ...info } = this.#info;
      const body = request.features.includes('accountId')
        ? { ...info, accountId }
        : info;
      sendJson(ex, 200, body, { 'lambda-extension-identifier': record.id });
      this.#notify();
    }
  }

  next(ex: ApiExchange): void {
    const record = this.identify(ex);
    if (!record) return;
    if (!isActive(record)) {
      deny(
        ex,
        'Extension.InvalidExtensionState',
        `${record.name} is ${record.state}`
      );
      return;
    }
    if (record.pending) {
      deny(
        record.pending,
        'Extension.InvalidExtensionState',
        'Replaced by a newer next call'
      );
    }
    record.lastNextAtMs = performance.now();
    if (record.stats && record.stats.firstNextAtMs === undefined) {
      record.stats.firstNextAtMs = Date.now();
      record.stats.cpuAtReadyMs = readThreadsCpuMs(record.stats.pid);
    }
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

  /** init/error and exit/error (spec 3.4, 3.5): 202, then refuse the caller. */
  reportError(ex: ApiExchange, kind: 'init' | 'exit'): void {
    const record = this.identify(ex);
    if (!record) return;
    const type = ex.req.headers['lambda-extension-function-error-type'];
    if (typeof type !== 'string') {
      deny(
        ex,
        'Extension.MissingHeader',
        'Missing Lambda-Extension-Function-Error-Type'
      );
      return;
    }
    if (!isActive(record)) {
      deny(
        ex,
        'Extension.InvalidExtensionState',
        `${record.name} is ${record.state}`
      );
      return;
    }
    record.state = kind === 'init' ? 'InitError' : 'ExitError';
    record.errorType =
      kind === 'init' ? 'Extension.InitError' : 'Extension.ExitError';
    if (record.pending) {
      deny(
        record.pending,
        'Extension.InvalidExtensionState',
        `${record.name} reported an error`
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

function deny(ex: ApiExchange, errorType: string, errorMessage: string): void {
  sendError(ex, 403, errorType, errorMessage);
}
