import {
  type Destination,
  describeRequestError,
  type FunctionContext,
  type LogEvent,
  outcomeFromStatus,
  type SendOutcome,
} from '@logdrain/core';
import type { Resource } from '@opentelemetry/resources';
import type { OtlpConfig } from './config.js';
import { createHttpPoster } from './http-post.js';
import { OTLP_LIMITS } from './limits.js';
import { type MapContext, msToHrTime, toLogRecord } from './map-event.js';
import { describeErrorBody, readPartialSuccess } from './otlp-response.js';
import { resourceAttributes } from './resource.js';
import { createInvocationTraces } from './trace-context.js';

/** The instrumentation scope of every record: this layer. */
export const OTLP_SCOPE = Object.freeze({
  name: 'logdrain-otlp',
  version: '0.1.0',
});

const MAX_REASON_CHARS = 512;

/**
 * The OTLP destination: each batch becomes one ExportLogsServiceRequest,
 * encoded by @opentelemetry/otlp-transformer (protobuf or JSON, gzip by
 * default) and POSTed with node:http(s). No exporter, no retry loop: one
 * send() is one request, and core retries what comes back as `retry`.
 * A 2xx answer with `partial_success.rejected_log_records` = n is not
 * retried (the OTLP spec forbids it): n records count as rejected, the
 * rest as delivered. The modules load when this is called, after
 * registration.
 *
 * @example
 * const destination = await createOtlpDestination(parseOtlpConfig(process.env));
 */
export async function createOtlpDestination(
  config: OtlpConfig,
  opts: { nowMs?: () => number } = {}
): Promise<Destination> {
  const nowMs = opts.nowMs ?? Date.now;
  const [transformer, resources, zlib] = await Promise.all([
    import('@opentelemetry/otlp-transformer'),
    import('@opentelemetry/resources'),
    import('node:zlib'),
  ]);
  const serializer =
    config.protocol === 'http/json'
      ? transformer.JsonLogsSerializer
      : transformer.ProtobufLogsSerializer;
  const decodeProtobuf = (data: Uint8Array) =>
    transformer.ProtobufLogsSerializer.deserializeResponse(data);
  const poster = await createHttpPoster({
    url: config.url,
    ca: config.ca,
    timeoutMs: config.timeoutMs,
  });
  const headers: Record<string, string> = {
    ...config.headers,
    'content-type':
      config.protocol === 'http/json'
        ? 'application/json'
        : 'application/x-protobuf',
    ...(config.compression === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
  };
  const gzip = (data: Uint8Array) =>
    new Promise<Buffer>((resolve, reject) =>
      zlib.gzip(data, (error, result) =>
        error ? reject(error) : resolve(result)
      )
    );
  const traces = createInvocationTraces({ maxRequests: 256 });
  let cached: { context: FunctionContext; resource: Resource } | undefined;
  const resourceFor = (context: FunctionContext): Resource => {
    if (cached?.context !== context) {
      const attributes = resourceAttributes({
        context,
        serviceName: config.serviceName,
        extra: config.resourceAttributes,
      });
      cached = {
        context,
        resource: resources.resourceFromAttributes(attributes),
      };
    }
    return cached.resource;
  };
  let partialWarnings = 0;

  const encode = async (batch: readonly LogEvent[]) => {
    const observed = msToHrTime(nowMs());
    const records = batch.map((event) => {
      const ctx: MapContext = {
        resource: resourceFor(event.context),
        scope: OTLP_SCOPE,
        traces,
        observed,
      };
      return toLogRecord(event, ctx);
    });
    const encoded = serializer.serializeRequest(records);
    if (encoded === undefined) throw new Error('the serializer gave no body');
    return config.compression === 'gzip' ? gzip(encoded) : encoded;
  };

  return {
    name: 'otlp',
    limits: OTLP_LIMITS,
    async send(batch, ctx): Promise<SendOutcome> {
      let body: Uint8Array;
      try {
        body = await encode(batch);
      } catch (error) {
        // The same batch would fail the same way: retrying cannot help.
        return {
          status: 'rejected',
          reason: `could not encode the batch as OTLP: ${String(error)}`,
        };
      }
      let answer: Awaited<ReturnType<typeof poster.post>>;
      try {
        answer = await poster.post({ body, headers, signal: ctx.signal });
      } catch (error) {
        return {
          status: 'retry',
          reason: describeRequestError(error, ctx.signal),
        };
      }
      if (answer.status < 200 || answer.status >= 300) {
        return outcomeFromStatus({
          status: answer.status,
          retryAfter: answer.retryAfter,
          body: describeErrorBody(answer).slice(0, MAX_REASON_CHARS),
          nowMs: nowMs(),
        });
      }
      const partial = readPartialSuccess({ ...answer, decodeProtobuf });
      if (partial.rejectedLogRecords > 0) {
        const count = Math.min(partial.rejectedLogRecords, batch.length);
        return {
          status: 'rejected',
          reason: `the receiver refused ${count} of ${batch.length} log records (OTLP partial success, which does not say which ones): ${partial.errorMessage.slice(0, MAX_REASON_CHARS) || 'no message'}`,
          // OTLP gives a count, not the records: core counts these as
          // rejected and the rest of the batch as delivered.
          remaining: batch.slice(batch.length - count),
        };
      }
      if (partial.errorMessage !== '' && partialWarnings++ % 100 === 0) {
        ctx.log.warn('the OTLP receiver accepted the batch with a warning', {
          warning: partial.errorMessage.slice(0, MAX_REASON_CHARS),
          times: partialWarnings,
        });
      }
      return { status: 'delivered' };
    },
    close: () => poster.close(),
  };
}
