import {
  type ApiExchange,
  parseJson,
  sendError,
  sendJson,
} from './http-util.js';
import {
  type InvokeState,
  MAX_RESPONSE_BYTES,
  normaliseErrorType,
  sendInvoke,
} from './runtime-api.js';

/**
 * The Runtime API of Lambda Managed Instances (spec 2.7): the runtime may
 * hold several next calls at once and answer the invokes it got in any
 * order, up to AWS_LAMBDA_MAX_CONCURRENCY at a time.
 */
export class ManagedRuntimeApi {
  firstNextPerf: number | undefined;
  initError: { errorType: string; body: unknown } | undefined;
  #nexts: ApiExchange[] = [];
  #queue: InvokeState[] = [];
  #inFlight = new Map<string, InvokeState>();
  #notify: () => void;
  #onFirstNext: () => void;

  constructor(opts: { notify: () => void; onFirstNext: () => void }) {
    this.#notify = opts.notify;
    this.#onFirstNext = opts.onFirstNext;
  }

  next(ex: ApiExchange): void {
    if (this.firstNextPerf === undefined) {
      this.firstNextPerf = ex.startPerf;
      this.#onFirstNext();
    }
    this.#nexts.push(ex);
    ex.res.on('close', () => {
      this.#nexts = this.#nexts.filter((held) => held !== ex);
    });
    this.#deliver();
    this.#notify();
  }

  dispatch(invoke: InvokeState): void {
    this.#queue.push(invoke);
    this.#deliver();
  }

  answer(
    ex: ApiExchange,
    requestId: string,
    body: Buffer,
    kind: 'response' | 'error'
  ): void {
    const invoke = this.#inFlight.get(requestId);
    if (!invoke) {
      sendError(ex, 400, 'InvalidRequestID', `Invalid request id ${requestId}`);
      return;
    }
    this.#inFlight.delete(requestId);
    invoke.responseStartPerf = ex.startPerf;
    invoke.responseEndPerf = performance.now();
    if (kind === 'response' && body.length > MAX_RESPONSE_BYTES) {
      invoke.errorType = 'Function.ResponseSizeTooLarge';
      invoke.error = { errorType: invoke.errorType };
      sendError(ex, 413, 'RequestEntityTooLarge', 'Response payload too large');
    } else if (kind === 'response') {
      invoke.response = body;
      sendJson(ex, 202, { status: 'OK' });
    } else {
      invoke.error = parseJson(body) ?? body.toString('utf8');
      invoke.errorType = normaliseErrorType(
        ex.req.headers['lambda-runtime-function-error-type']
      );
      sendJson(ex, 202, { status: 'OK' });
    }
    this.#notify();
  }

  initErrorCall(ex: ApiExchange, body: Buffer): void {
    if (this.firstNextPerf !== undefined) {
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

  /** Ends every held next (the runtime is being shut down). */
  close(): void {
    for (const ex of this.#nexts.splice(0)) ex.res.destroy();
  }

  #deliver(): void {
    for (;;) {
      const ex = this.#nexts.find((held) => !held.res.destroyed);
      const invoke = this.#queue[0];
      if (!ex || !invoke) return;
      this.#nexts = this.#nexts.filter((held) => held !== ex);
      this.#queue.shift();
      this.#inFlight.set(invoke.requestId, invoke);
      sendInvoke(ex, invoke);
    }
  }
}
