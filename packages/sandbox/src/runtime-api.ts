import {
  LINE_BYTES_HEADER,
  LINES_HEADER,
  type LineSettings,
} from './generated-lines.js';
import {
  type ApiExchange,
  parseJson,
  sendError,
  sendJson,
} from './http-util.js';

/** One invoke as the Runtime API sees it. */
export interface InvokeState {
  requestId: string;
  deadlineMs: number;
  payload: Buffer;
  invokedFunctionArn: string;
  traceId: string;
  dispatchedPerf: number;
  /** Lines the built-in runtime client generates for this invoke. */
  lines?: LineSettings;
  responseStartPerf?: number;
  responseEndPerf?: number;
  response?: Buffer;
  error?: unknown;
  errorType?: string;
  /** The runtime called next after answering. */
  donePerf?: number;
}

/** Largest response the API accepts buffered (spec 6.3). */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
const ERROR_TYPE = /^(Runtime|Function)\.[A-Z][a-zA-Z]+$/;

/** The Runtime API state machine of spec 6.1. */
export class RuntimeApi {
  state: 'init' | 'ready' | 'invoking' | 'responded' = 'init';
  firstNextPerf: number | undefined;
  initError: { errorType: string; body: unknown } | undefined;
  current: InvokeState | undefined;
  #pending: ApiExchange | undefined;
  #queued: InvokeState | undefined;
  #notify: () => void;
  #onFirstNext: () => void;

  constructor(opts: { notify: () => void; onFirstNext: () => void }) {
    this.#notify = opts.notify;
    this.#onFirstNext = opts.onFirstNext;
  }

  next(ex: ApiExchange): void {
    if (this.state === 'invoking') {
      sendError(
        ex,
        403,
        'InvalidStateTransition',
        'The current invoke has not been answered'
      );
      return;
    }
    if (this.state === 'init') {
      this.firstNextPerf = ex.startPerf;
      this.#onFirstNext();
    }
    if (this.state === 'responded' && this.current) {
      this.current.donePerf = ex.startPerf;
    }
    this.state = 'ready';
    this.#pending?.res.destroy();
    this.#pending = ex;
    this.#deliver();
    this.#notify();
  }

  dispatch(invoke: InvokeState): void {
    this.#queued = invoke;
    this.#deliver();
  }

  /** The runtime is waiting in next with nothing to do. */
  get waiting(): boolean {
    return this.state === 'ready' && this.#pending !== undefined;
  }

  answer(
    ex: ApiExchange,
    requestId: string,
    body: Buffer,
    kind: 'response' | 'error'
  ): void {
    const current = this.current;
    if (this.state !== 'invoking' || !current) {
      sendError(ex, 403, 'InvalidStateTransition', 'No invoke is in progress');
      return;
    }
    if (requestId !== current.requestId) {
      sendError(ex, 400, 'InvalidRequestID', `Invalid request id ${requestId}`);
      return;
    }
    const mode = ex.req.headers['lambda-runtime-function-response-mode'];
    if (kind === 'response' && mode !== undefined && mode !== 'streaming') {
      // Spec 6.3: only "streaming" is a valid response mode.
      current.errorType = 'Runtime.InvalidResponseModeHeader';
      current.error = { errorType: current.errorType, errorMessage: '' };
      this.state = 'responded';
      sendError(
        ex,
        400,
        'InvalidFunctionResponseMode',
        'Invalid function response mode'
      );
      this.#notify();
      return;
    }
    if (kind === 'response' && body.length > MAX_RESPONSE_BYTES) {
      current.errorType = 'Function.ResponseSizeTooLarge';
      current.error = {
        errorType: 'Function.ResponseSizeTooLarge',
        errorMessage: `Response payload size (${body.length} bytes) exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
      };
      this.state = 'responded';
      sendError(ex, 413, 'RequestEntityTooLarge', 'Response payload too large');
      this.#notify();
      return;
    }
    current.responseStartPerf = ex.startPerf;
    current.responseEndPerf = performance.now();
    if (kind === 'response') {
      current.response = body;
    } else {
      current.error = parseJson(body) ?? body.toString('utf8');
      current.errorType = normaliseErrorType(
        ex.req.headers['lambda-runtime-function-error-type']
      );
    }
    this.state = 'responded';
    sendJson(ex, 202, { status: 'OK' });
    this.#notify();
  }

  initErrorCall(ex: ApiExchange, body: Buffer): void {
    if (this.state !== 'init') {
      sendError(
        ex,
        403,
        'InvalidStateTransition',
        'init/error is only allowed before the first next'
      );
      return;
    }
    this.initError = {
      errorType: normaliseErrorType(
        ex.req.headers['lambda-runtime-function-error-type']
      ),
      body: parseJson(body) ?? body.toString('utf8'),
    };
    sendJson(ex, 202, { status: 'OK' });
    this.#notify();
  }

  /** Ends a held next (the runtime is being shut down). */
  close(): void {
    this.#pending?.res.destroy();
    this.#pending = undefined;
  }

  #deliver(): void {
    const ex = this.#pending;
    const invoke = this.#queued;
    if (!ex || !invoke || ex.res.destroyed) return;
    this.#pending = undefined;
    this.#queued = undefined;
    this.current = invoke;
    this.state = 'invoking';
    sendInvoke(ex, invoke);
  }
}

/** Answers a held next with an invoke (spec 6.2). */
export function sendInvoke(ex: ApiExchange, invoke: InvokeState): void {
  invoke.dispatchedPerf = performance.now();
  ex.call.status = 200;
  ex.res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': invoke.payload.length,
    'lambda-runtime-aws-request-id': invoke.requestId,
    'lambda-runtime-deadline-ms': String(invoke.deadlineMs),
    'lambda-runtime-invoked-function-arn': invoke.invokedFunctionArn,
    'lambda-runtime-trace-id': invoke.traceId,
    ...(invoke.lines?.lines
      ? {
          [LINES_HEADER]: String(invoke.lines.lines),
          [LINE_BYTES_HEADER]: String(invoke.lines.lineBytes),
        }
      : {}),
  });
  ex.res.end(invoke.payload);
}

/** Keeps Runtime./Function. types, maps the rest (spec 4.6). */
export function normaliseErrorType(
  header: string | string[] | undefined
): string {
  const value = typeof header === 'string' ? header : '';
  if (ERROR_TYPE.test(value)) return value;
  return value.startsWith('Function.') ? 'Function.Unknown' : 'Runtime.Unknown';
}
