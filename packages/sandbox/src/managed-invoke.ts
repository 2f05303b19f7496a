import { randomUUID } from 'node:crypto';
import { generationFailure, type SandboxContext } from './context.js';
import type { LineSettings } from './generated-lines.js';
import { parseResponse } from './invoke-events.js';
import { emitPlatform } from './records.js';
import type { InvokeState } from './runtime-api.js';
import { runShutdown } from './shutdown-phase.js';
import { isoFromPerf, round3 } from './time.js';
import { newTrace } from './trace.js';
import type { InvokeResult } from './types.js';

/**
 * One invoke on Lambda Managed Instances (spec 2.7): platform.start, the
 * event to the runtime (others may be in flight), platform.report with only
 * durationMs and the responseLatency/responseDuration spans once it answered.
 * No INVOKE to extensions, no platform.runtimeDone, no freeze. A timeout or
 * crash resets the environment, as in the default mode.
 */
export async function runManagedInvoke(
  ctx: SandboxContext,
  payload: unknown,
  lines: LineSettings
): Promise<InvokeResult> {
  const gen = ctx.gen as NonNullable<SandboxContext['gen']>;
  ctx.phase = 'invoke';
  const requestId = randomUUID();
  const startPerf = performance.now();
  const deadlineMs = Date.now() + ctx.opts.timeoutMs;
  const { traceId, tracing } = newTrace();
  const version = ctx.opts.functionVersion;
  emitPlatform(ctx, 'platform.start', { requestId, version, tracing });
  const invoke: InvokeState = {
    requestId,
    deadlineMs,
    payload: Buffer.from(JSON.stringify(payload ?? {})),
    invokedFunctionArn: `arn:aws:lambda:${ctx.opts.region}:${ctx.opts.accountId}:function:${ctx.opts.functionName}`,
    traceId,
    dispatchedPerf: startPerf,
    lines,
  };
  gen.runtime.dispatch(invoke);
  const failure = (): string | undefined => generationFailure(gen);
  await ctx.waiter.until(
    () => invoke.responseEndPerf !== undefined || failure() !== undefined,
    deadlineMs - Date.now()
  );
  await gen.runtimeChild?.settle();
  const answered = invoke.responseEndPerf !== undefined;
  const errorType = answered ? invoke.errorType : failure();
  const status = answered
    ? errorType
      ? 'error'
      : 'success'
    : errorType
      ? 'error'
      : 'timeout';
  const durationMs = round3(
    (invoke.responseEndPerf ?? performance.now()) - startPerf
  );
  emitPlatform(ctx, 'platform.report', {
    requestId,
    status,
    ...(errorType ? { errorType } : {}),
    metrics: { durationMs },
    ...(answered ? { spans: responseSpans(invoke) } : {}),
    tracing,
  });
  const result: InvokeResult = {
    requestId,
    response: parseResponse(invoke.response),
    ...(invoke.error !== undefined ? { error: invoke.error } : {}),
    status: answered ? status : errorType ? 'failure' : 'timeout',
    durationMs,
    postRuntimeMs: 0,
    ...(errorType ? { errorType } : {}),
  };
  if (invoke.responseEndPerf !== undefined) {
    result.responseAtMs = Math.round(
      performance.timeOrigin + invoke.responseEndPerf
    );
  }
  if (!answered) {
    result.reset = await runShutdown(ctx, errorType ? 'failure' : 'timeout');
  }
  return result;
}

function responseSpans(invoke: InvokeState): object[] {
  const start = invoke.responseStartPerf ?? invoke.dispatchedPerf;
  const end = invoke.responseEndPerf ?? start;
  return [
    {
      name: 'responseLatency',
      start: isoFromPerf(invoke.dispatchedPerf),
      durationMs: round3(start - invoke.dispatchedPerf),
    },
    {
      name: 'responseDuration',
      start: isoFromPerf(start),
      durationMs: round3(end - start),
    },
  ];
}
