/** The W3C/OTLP trace context of a log record (lowercase hex). */
export interface TraceContext {
  /** 32 hex digits. */
  readonly traceId: string;
  /** 16 hex digits. */
  readonly spanId: string;
  /** 1 when sampled, else 0. */
  readonly traceFlags: number;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/**
 * Reads an X-Ray trace header (`Root=1-<8 hex epoch>-<24 hex>;Parent=<16
 * hex>;Sampled=1`) as the invocation's trace context. The OTel trace id is
 * the epoch and the random part joined (what the AWS X-Ray propagator
 * does); the span id is Lambda's invocation span (`spanId` of the Telemetry
 * API's TraceContext) when given, else the header's Parent.
 *
 * @example
 * traceFromXRay('Root=1-678e2f10-4b6f1d2a9c3e5f7a8b9c0d1e;Parent=53995c3f42cd8ad8;Sampled=1');
 * // → { traceId: '678e2f104b6f1d2a9c3e5f7a8b9c0d1e', spanId: '53995c3f42cd8ad8', traceFlags: 1 }
 */
export function traceFromXRay(
  header: string,
  spanId?: string
): TraceContext | undefined {
  const fields = new Map<string, string>();
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const root = /^1-([0-9a-fA-F]{8})-([0-9a-fA-F]{24})$/.exec(
    fields.get('Root') ?? ''
  );
  if (root === null) return undefined;
  const traceId = `${root[1]}${root[2]}`.toLowerCase();
  const span = (spanId ?? fields.get('Parent') ?? '').toLowerCase();
  return valid(traceId, span, fields.get('Sampled') === '1' ? 1 : 0);
}

/**
 * Finds a trace context a structured log record carries itself: OTel-style
 * `trace_id`/`span_id`/`trace_flags` (or camelCase), or an X-Ray id in
 * `xray_trace_id` / `_X_AMZN_TRACE_ID` / `traceId` (`1-…-…` or a header).
 *
 * @example
 * traceFromRecord({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' });
 */
export function traceFromRecord(
  record: Readonly<Record<string, unknown>>
): TraceContext | undefined {
  const traceId = text(record.trace_id) ?? text(record.traceId);
  const spanId = text(record.span_id) ?? text(record.spanId);
  if (traceId !== undefined && spanId !== undefined) {
    const flags = record.trace_flags ?? record.traceFlags;
    const found = valid(
      traceId.toLowerCase(),
      spanId.toLowerCase(),
      flagsOf(flags)
    );
    if (found !== undefined) return found;
  }
  const xray =
    text(record.xray_trace_id) ??
    text(record._X_AMZN_TRACE_ID) ??
    text(record.traceId);
  if (xray === undefined) return undefined;
  return traceFromXRay(xray.startsWith('Root=') ? xray : `Root=${xray}`);
}

function valid(
  traceId: string,
  spanId: string,
  traceFlags: number
): TraceContext | undefined {
  if (!TRACE_ID.test(traceId) || traceId === ZERO_TRACE) return undefined;
  if (!SPAN_ID.test(spanId) || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, traceFlags };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function flagsOf(value: unknown): number {
  if (typeof value === 'number') return value & 1;
  if (typeof value === 'string') return Number.parseInt(value, 16) & 1 || 0;
  return 0;
}

/**
 * Remembers the trace context of recent invocations, from the `tracing`
 * field of their platform events, so that function records of the same
 * request get it too. Bounded: the oldest request is forgotten first.
 *
 * @example
 * const traces = createInvocationTraces({ maxRequests: 256 });
 * traces.note(event); traces.get('8f507cfc-…');
 */
export function createInvocationTraces(opts: { maxRequests: number }) {
  const byRequest = new Map<string, TraceContext>();
  return {
    /** Records the context a platform event's record carries, if any. */
    note(requestId: string | undefined, record: unknown): void {
      if (requestId === undefined || byRequest.has(requestId)) return;
      const tracing = (record as { tracing?: unknown } | null)?.tracing as
        | { value?: unknown; spanId?: unknown }
        | undefined;
      if (typeof tracing?.value !== 'string') return;
      const context = traceFromXRay(tracing.value, text(tracing.spanId));
      if (context === undefined) return;
      byRequest.set(requestId, context);
      if (byRequest.size > opts.maxRequests) {
        const oldest = byRequest.keys().next().value;
        if (oldest !== undefined) byRequest.delete(oldest);
      }
    },
    get(requestId: string | undefined): TraceContext | undefined {
      return requestId === undefined ? undefined : byRequest.get(requestId);
    },
  };
}

export type InvocationTraces = ReturnType<typeof createInvocationTraces>;
