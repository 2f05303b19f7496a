import type { Agent } from 'node:http';
import type { TelemetryBuffering } from './core-config.js';
import { ExtensionError } from './errors.js';
import {
  describeErrorBody,
  errorTypeOf,
  type LocalResponse,
  localRequest,
} from './local-http.js';
import type { LogStream } from './log-event.js';

/**
 * How telemetry will reach the listener, if at all.
 *
 * @example
 * if (result.mode === 'unsupported') log.warn(`no telemetry: ${result.reason}`);
 */
export type SubscriptionResult =
  | { readonly mode: 'telemetry'; readonly schemaVersion: string }
  | { readonly mode: 'logs'; readonly schemaVersion: string }
  /** 202 *.NotSupported (AWS's runtime interface emulator, SAM). */
  | { readonly mode: 'unsupported'; readonly reason: string };

/**
 * Options of {@link subscribeTelemetry}.
 *
 * @example
 * const opts: SubscribeOptions = { baseUrl, agent, extensionId, port: 4243, types: ['platform'], buffering };
 */
export interface SubscribeOptions {
  /** `http://<AWS_LAMBDA_RUNTIME_API>`. */
  readonly baseUrl: string;
  readonly agent: Agent;
  readonly extensionId: string;
  /** The listener's port; the URI is `http://sandbox.localdomain:<port>/`. */
  readonly port: number;
  readonly types: readonly LogStream[];
  readonly buffering: TelemetryBuffering;
}

/**
 * Telemetry schemas, newest first (2025-01-29 is what Managed Instances need).
 *
 * @example
 * TELEMETRY_SCHEMAS[0]; // → '2025-01-29'
 */
export const TELEMETRY_SCHEMAS = ['2025-01-29', '2022-12-13'] as const;
/**
 * The Logs API schema that includes platform.runtimeDone.
 *
 * @example
 * LOGS_API_SCHEMA; // → '2021-03-18'
 */
export const LOGS_API_SCHEMA = '2021-03-18';

const CALL_TIMEOUT_MS = 5_000;

/**
 * Subscribes the listener: Telemetry API with schema 2025-01-29; 2022-12-13
 * when the platform answers 400 about the schema; the Logs API (schema
 * 2021-03-18) when the Telemetry API answers 404. A 202 (`*.NotSupported`)
 * resolves `{ mode: 'unsupported' }`: the caller warns once and keeps
 * running without telemetry. Any other refusal throws ExtensionError
 * `SUBSCRIBE_FAILED`. Buffering is always sent explicitly.
 *
 * @example
 * const result = await subscribeTelemetry({
 *   baseUrl: client.baseUrl, agent: client.agent, extensionId,
 *   port: listener.port, types: ['platform', 'function'],
 *   buffering: { maxItems: 10_000, maxBytes: 262_144, timeoutMs: 25 },
 * });
 */
export async function subscribeTelemetry(
  opts: SubscribeOptions
): Promise<SubscriptionResult> {
  // The host must be sandbox.localdomain (spec 1.2, 9.2); the path is kept.
  const uri = `http://sandbox.localdomain:${opts.port}/`;
  const common = {
    types: opts.types,
    buffering: opts.buffering,
    destination: { protocol: 'HTTP', URI: uri },
  };

  let res: LocalResponse | undefined;
  for (const schemaVersion of TELEMETRY_SCHEMAS) {
    res = await put(opts, '/2022-07-01/telemetry', {
      schemaVersion,
      ...common,
    });
    if (res.status === 200) return { mode: 'telemetry', schemaVersion };
    if (res.status === 202) return unsupported(res);
    if (!(res.status === 400 && /schema/i.test(res.body))) break;
  }
  if (res?.status !== 404) throw refused('Telemetry API', res);

  res = await put(opts, '/2020-08-15/logs', {
    schemaVersion: LOGS_API_SCHEMA,
    ...common,
  });
  if (res.status === 200)
    return { mode: 'logs', schemaVersion: LOGS_API_SCHEMA };
  if (res.status === 202) return unsupported(res);
  throw refused('Logs API', res);
}

async function put(
  opts: SubscribeOptions,
  path: string,
  body: unknown
): Promise<LocalResponse> {
  try {
    return await localRequest({
      agent: opts.agent,
      method: 'PUT',
      url: `${opts.baseUrl}${path}`,
      headers: { 'Lambda-Extension-Identifier': opts.extensionId },
      body,
      timeoutMs: CALL_TIMEOUT_MS,
    });
  } catch (error) {
    throw new ExtensionError(
      'SUBSCRIBE_FAILED',
      `subscribing at ${path} failed: ${(error as Error).message}`,
      { cause: error }
    );
  }
}

function unsupported(res: LocalResponse): SubscriptionResult {
  const reason = describeErrorBody(res.body) || 'answered 202';
  return {
    mode: 'unsupported',
    reason: errorTypeOf(res.body) ? reason : `answered 202: ${reason}`,
  };
}

function refused(api: string, res: LocalResponse | undefined): ExtensionError {
  return new ExtensionError(
    'SUBSCRIBE_FAILED',
    `the ${api} refused the subscription with ${res?.status}: ${describeErrorBody(res?.body ?? '')}`
  );
}
