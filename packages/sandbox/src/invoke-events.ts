import { readFileSync } from 'node:fs';
import { liveChildren, type SandboxContext } from './context.js';
import { emitPlatform } from './records.js';
import type { InvokeState } from './runtime-api.js';
import { isoFromPerf, round3 } from './time.js';

type Status = 'success' | 'error' | 'timeout';

interface Tracing {
  spanId: string;
  type: string;
  value: string;
}

/** platform.runtimeDone (spec 4.5): metrics, and spans when it answered. */
export function emitRuntimeDone(
  ctx: SandboxContext,
  o: {
    invoke: InvokeState;
    status: Status;
    errorType: string | undefined;
    runtimeDonePerf: number;
    tracing: Tracing;
  }
): void {
  const { invoke, status, errorType } = o;
  const { requestId } = invoke;
  emitPlatform(
    ctx,
    'platform.runtimeDone',
    {
      requestId,
      status,
      ...(errorType ? { errorType } : {}),
      metrics: {
        durationMs: round3(o.runtimeDonePerf - invoke.dispatchedPerf),
        producedBytes: invoke.response?.length ?? 0,
      },
      ...(status === 'success' ? { spans: runtimeSpans(invoke) } : {}),
      tracing: o.tracing,
    },
    // The Logs API knows success, failure and timeout (spec 5.2).
    {
      logsRecord: {
        requestId,
        status: status === 'error' ? 'failure' : status,
      },
    }
  );
}

/**
 * The end of an invoke: platform.end and platform.fault for the Logs API,
 * then platform.report with the metrics of spec 4.6 and extensionOverhead.
 */
export function emitInvokeEnd(
  ctx: SandboxContext,
  o: {
    requestId: string;
    status: Status;
    errorType: string | undefined;
    durationMs: number;
    postRuntimeMs: number;
    runtimeDonePerf: number;
    tracing: Tracing;
  }
): void {
  const { requestId, status, errorType, durationMs } = o;
  const metrics = {
    durationMs,
    billedDurationMs: Math.ceil(durationMs),
    memorySizeMB: ctx.opts.memorySizeMb,
    maxMemoryUsedMB: maxMemoryUsedMb(ctx),
    // Only on the first invoke after an on-demand cold start.
    ...(ctx.pendingInitDurationMs !== undefined
      ? { initDurationMs: ctx.pendingInitDurationMs }
      : {}),
  };
  ctx.pendingInitDurationMs = undefined;
  emitPlatform(ctx, 'platform.end', { requestId }, { api: 'logs' });
  if (status !== 'success') {
    const type = errorType ? `\tErrorType: ${errorType}` : '';
    emitPlatform(
      ctx,
      'platform.fault',
      `RequestId: ${requestId} Status: ${status}${type}`,
      { api: 'logs' }
    );
  }
  const hasExtensions = (ctx.gen?.extensions.registered.length ?? 0) > 0;
  const spans = hasExtensions
    ? [
        {
          name: 'extensionOverhead',
          start: isoFromPerf(o.runtimeDonePerf),
          durationMs: o.postRuntimeMs,
        },
      ]
    : undefined;
  emitPlatform(
    ctx,
    'platform.report',
    {
      requestId,
      status,
      ...(errorType ? { errorType } : {}),
      metrics,
      ...(spans ? { spans } : {}),
      tracing: o.tracing,
    },
    { logsRecord: { requestId, metrics, tracing: o.tracing } }
  );
}

/** The caller's view of the response body: JSON, else text. */
export function parseResponse(body: Buffer | undefined): unknown {
  if (body === undefined || body.length === 0) return undefined;
  const text = body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function runtimeSpans(invoke: InvokeState): object[] {
  const { dispatchedPerf, responseStartPerf, responseEndPerf } = invoke;
  if (responseStartPerf === undefined || responseEndPerf === undefined) {
    return [];
  }
  const donePerf = invoke.donePerf ?? responseEndPerf;
  const span = (name: string, startPerf: number, endPerf: number) => ({
    name,
    start: isoFromPerf(startPerf),
    durationMs: round3(endPerf - startPerf),
  });
  return [
    span('responseLatency', dispatchedPerf, responseStartPerf),
    span('responseDuration', responseStartPerf, responseEndPerf),
    span('runtimeOverhead', responseEndPerf, donePerf),
  ];
}

/** Peak resident memory of the environment's processes (Linux /proc). */
function maxMemoryUsedMb(ctx: SandboxContext): number {
  let kb = 0;
  for (const child of liveChildren(ctx.gen)) {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      kb += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // Not Linux, or the process is gone.
    }
  }
  return Math.ceil(kb / 1024);
}
