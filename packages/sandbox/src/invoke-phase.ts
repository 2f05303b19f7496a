import { randomUUID } from 'node:crypto';
import {
  freeze,
  generationFailure,
  invokeExtensions,
  type SandboxContext,
  thaw,
} from './context.js';
import type { LineSettings } from './generated-lines.js';
import { runInit } from './init-phase.js';
import {
  emitInvokeEnd,
  emitRuntimeDone,
  parseResponse,
} from './invoke-events.js';
import { emitPlatform } from './records.js';
import type { InvokeState } from './runtime-api.js';
import { runShutdown } from './shutdown-phase.js';
import { round3 } from './time.js';
import { newTrace } from './trace.js';
import type { InvokeResult } from './types.js';

/**
 * Before an invoke: resets an environment a process died in while idle and
 * runs Init again after a reset. Returns the invoke's result if Init failed.
 */
export async function ensureInit(
  ctx: SandboxContext
): Promise<InvokeResult | undefined> {
  if (ctx.gen && !ctx.gen.needsInit && generationFailure(ctx.gen)) {
    // A process died while the environment was idle.
    await runShutdown(ctx, 'failure');
  }
  if (!ctx.gen || ctx.gen.needsInit) {
    const report = await runInit(ctx, 'invoke');
    if (report.status !== 'success') {
      return {
        requestId: randomUUID(),
        response: undefined,
        error: ctx.gen?.runtime.initError?.body ?? {
          errorType: report.errorType ?? 'Sandbox.Timeout',
        },
        status: report.status === 'timeout' ? 'timeout' : 'failure',
        durationMs: 0,
        postRuntimeMs: 0,
        ...(report.errorType ? { errorType: report.errorType } : {}),
      };
    }
  }
  return undefined;
}

/** Largest event the Runtime API hands over: 6 MiB + 100 bytes (spec 6.2). */
const MAX_EVENT_BYTES = 6_291_556;

/**
 * One invoke (spec 2.2): platform.start, the event to the runtime and to
 * INVOKE extensions together, platform.runtimeDone when the runtime calls
 * next, platform.report when the last extension called next, then freeze.
 * The function timeout bounds the whole phase; a timeout or crash resets.
 */
export async function runInvoke(
  ctx: SandboxContext,
  payload: unknown,
  lines: LineSettings
): Promise<InvokeResult> {
  const event = Buffer.from(JSON.stringify(payload ?? {}));
  if (event.length > MAX_EVENT_BYTES) {
    // The Invoke API refuses it before the environment sees it (spec 6.2).
    throw new Error(
      `RequestEntityTooLarge: the event is ${event.length} bytes, more than the ${MAX_EVENT_BYTES} the Runtime API hands over`
    );
  }
  const initFailure = await ensureInit(ctx);
  if (initFailure) return initFailure;
  const gen = ctx.gen as NonNullable<SandboxContext['gen']>;
  ctx.phase = 'invoke';
  thaw(ctx);
  const { opts } = ctx;
  const requestId = randomUUID();
  const startPerf = performance.now();
  const deadlineMs = Date.now() + opts.timeoutMs;
  const left = (): number => deadlineMs - Date.now();
  const { traceId, tracing } = newTrace();
  const invokedFunctionArn = `arn:aws:lambda:${opts.region}:${opts.accountId}:function:${opts.functionName}`;
  const version = opts.functionVersion;
  emitPlatform(
    ctx,
    'platform.start',
    { requestId, version, tracing },
    { logsRecord: { requestId, version } }
  );
  const invoke: InvokeState = {
    requestId,
    deadlineMs,
    payload: event,
    invokedFunctionArn,
    traceId,
    dispatchedPerf: startPerf,
    lines,
  };
  gen.runtime.dispatch(invoke);
  const extensions = invokeExtensions(gen);
  for (const record of extensions) {
    gen.extensions.dispatch(record, {
      eventType: 'INVOKE',
      deadlineMs,
      requestId,
      invokedFunctionArn,
      tracing: { type: 'X-Amzn-Trace-Id', value: traceId },
    });
  }
  const failure = (): string | undefined => generationFailure(gen);
  await ctx.waiter.until(
    () => invoke.donePerf !== undefined || failure() !== undefined,
    left()
  );
  // Log lines the runtime wrote before calling next come before runtimeDone.
  await gen.runtimeChild?.settle();
  const runtimeDonePerf = invoke.donePerf ?? performance.now();
  let status: InvokeResult['status'] =
    invoke.donePerf !== undefined ? 'success' : failure() ? 'error' : 'timeout';
  let errorType = status === 'error' ? failure() : undefined;
  emitRuntimeDone(ctx, { invoke, status, errorType, runtimeDonePerf, tracing });
  if (status === 'success') {
    await ctx.waiter.until(
      () => failure() !== undefined || extensions.every((r) => !r.awaitingNext),
      left()
    );
    errorType = failure();
    if (errorType) status = 'error';
    else if (extensions.some((r) => r.awaitingNext)) status = 'timeout';
  }
  const endPerf = performance.now();
  const lastNextPerf = Math.max(
    runtimeDonePerf,
    ...extensions.map((r) => r.lastNextAtMs)
  );
  const postRuntimeMs =
    status === 'success' ? round3(lastNextPerf - runtimeDonePerf) : 0;
  const durationMs = round3(
    (status === 'success' ? lastNextPerf : endPerf) - startPerf
  );
  emitInvokeEnd(ctx, {
    requestId,
    status,
    errorType,
    durationMs,
    postRuntimeMs,
    runtimeDonePerf,
    tracing,
  });
  const result: InvokeResult = {
    requestId,
    response: parseResponse(invoke.response),
    ...(invoke.error !== undefined ? { error: invoke.error } : {}),
    status:
      status === 'success'
        ? invoke.error !== undefined
          ? 'error'
          : 'success'
        : status === 'error'
          ? 'failure'
          : status,
    durationMs,
    postRuntimeMs,
  };
  if (invoke.responseEndPerf !== undefined) {
    result.responseAtMs = Math.round(
      performance.timeOrigin + invoke.responseEndPerf
    );
  }
  const resultErrorType = errorType ?? invoke.errorType;
  if (resultErrorType) result.errorType = resultErrorType;
  if (status === 'success') {
    freeze(ctx);
  } else {
    result.reset = await runShutdown(
      ctx,
      status === 'timeout' ? 'timeout' : 'failure'
    );
  }
  return result;
}
