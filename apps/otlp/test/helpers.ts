import type { FunctionContext, LogEvent, LogLevel } from '@logdrain/core';
import { type Sandbox, startSandbox } from '@logdrain/sandbox';
import { startLayerInSandbox } from '@logdrain/testkit';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { MapContext } from '../src/map-event.js';
import { createInvocationTraces } from '../src/trace-context.js';

export const CONTEXT: FunctionContext = Object.freeze({
  functionName: 'orders',
  functionVersion: '7',
  region: 'eu-west-1',
  memorySizeMb: 1024,
  accountId: '123456789012',
  architecture: 'arm64',
  instanceId: 'f3b1c0de',
  extensionName: 'logdrain-otlp',
});

export const TRACE_HEADER =
  'Root=1-678e2f10-4b6f1d2a9c3e5f7a8b9c0d1e;Parent=53995c3f42cd8ad8;Sampled=1';

/** An event as core's decoder hands it over. */
export function makeEvent(overrides: Partial<LogEvent> = {}): LogEvent {
  return {
    time: '2026-01-20T09:14:02.700Z',
    timeMs: Date.parse('2026-01-20T09:14:02.700Z'),
    type: 'function',
    stream: 'function',
    record: '2026-01-20T09:14:02.700Z\treq-1\tINFO\tloaded 3 orders\n',
    message: 'loaded 3 orders',
    level: 'INFO' as LogLevel,
    requestId: 'req-1',
    coldStart: false,
    context: CONTEXT,
    ...overrides,
  };
}

export function mapContext(): MapContext {
  return {
    resource: resourceFromAttributes({ 'service.name': 'orders' }),
    scope: { name: 'logdrain-otlp', version: '0.1.0' },
    traces: createInvocationTraces({ maxRequests: 2 }),
    observed: [1768900443, 0],
  };
}

/** This app's folder, where its built layer is. */
export const APP = new URL('..', import.meta.url);

/** The built layer in a sandbox, exporting to `endpoint` (an OTLP base URL). */
export function startLayer(opts: {
  endpoint: string;
  env?: Record<string, string>;
}): Promise<Sandbox> {
  return startLayerInSandbox({
    start: startSandbox,
    app: APP,
    functionName: 'otlp-e2e',
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: opts.endpoint, ...opts.env },
  });
}
