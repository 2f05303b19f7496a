/** A validated Telemetry or Logs API subscription request. */
export interface SubscriptionRequest {
  api: 'telemetry' | 'logs';
  schemaVersion: string;
  types: Set<string>;
  protocol: 'HTTP' | 'TCP';
  port: number;
  path: string;
  hostHeader: string;
  method: 'POST' | 'PUT';
  maxItems: number;
  maxBytes: number;
  timeoutMs: number;
}

export type ParseResult =
  | { ok: true; request: SubscriptionRequest }
  | { ok: false; errorMessage: string };

const TELEMETRY_SCHEMAS = ['2022-07-01', '2022-12-13', '2025-01-29'];
const LOGS_SCHEMAS = ['2020-08-15', '2021-03-18'];
const TYPES = ['platform', 'function', 'extension'];
const HOSTS = ['sandbox.localdomain', 'sandbox'];

// Buffering ranges and defaults (spec 4.1; maxItems default 10,000, 11).
const LIMITS = {
  maxItems: { min: 1_000, max: 10_000, default: 10_000 },
  maxBytes: { min: 262_144, max: 1_048_576, default: 262_144 },
  timeoutMs: { min: 25, max: 30_000, default: 1_000 },
} as const;

/** Validates a subscription body the way RAPID's schema does (spec 4.1, 5.1). */
export function parseSubscription(
  api: 'telemetry' | 'logs',
  raw: string
): ParseResult {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return fail('request body is not valid JSON');
  }
  if (!isObject(body)) return fail('request body must be a JSON object');
  const schemas = api === 'telemetry' ? TELEMETRY_SCHEMAS : LOGS_SCHEMAS;
  const schemaVersion =
    body.schemaVersion ?? (api === 'logs' ? '2020-08-15' : undefined);
  if (typeof schemaVersion !== 'string' || !schemas.includes(schemaVersion)) {
    return fail(
      `schemaVersion must be one of ${schemas.join(', ')}, got ${JSON.stringify(schemaVersion)}`
    );
  }
  const types = body.types;
  if (
    !Array.isArray(types) ||
    types.length === 0 ||
    !types.every((t) => typeof t === 'string' && TYPES.includes(t))
  ) {
    return fail(
      `types must be a non-empty subset of ${TYPES.join(', ')}, got ${JSON.stringify(types)}`
    );
  }
  const destination = parseDestination(body.destination);
  if (typeof destination === 'string') return fail(destination);
  const buffering = body.buffering ?? {};
  if (!isObject(buffering)) return fail('buffering must be an object');
  const values: Record<string, number> = {};
  for (const [key, limit] of Object.entries(LIMITS)) {
    const value = buffering[key] ?? limit.default;
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < limit.min ||
      value > limit.max
    ) {
      return fail(
        `buffering.${key} must be an integer ${limit.min}-${limit.max}, got ${JSON.stringify(value)}`
      );
    }
    values[key] = value;
  }
  return {
    ok: true,
    request: {
      api,
      schemaVersion,
      types: new Set(types as string[]),
      ...destination,
      maxItems: values.maxItems as number,
      maxBytes: values.maxBytes as number,
      timeoutMs: values.timeoutMs as number,
    },
  };
}

function parseDestination(
  value: unknown
):
  | Pick<
      SubscriptionRequest,
      'protocol' | 'port' | 'path' | 'hostHeader' | 'method'
    >
  | string {
  if (!isObject(value)) return 'destination is required';
  const { protocol, URI, port, method } = value;
  if (protocol !== 'HTTP' && protocol !== 'TCP') {
    return `destination.protocol must be HTTP or TCP, got ${JSON.stringify(protocol)}`;
  }
  const httpMethod = method ?? 'POST';
  if (httpMethod !== 'POST' && httpMethod !== 'PUT') {
    return `destination.method must be POST or PUT, got ${JSON.stringify(method)}`;
  }
  if (protocol === 'TCP' && URI === undefined) {
    if (typeof port !== 'number' || !validPort(port)) {
      return `destination.port must be 1-65535, got ${JSON.stringify(port)}`;
    }
    return { protocol, port, path: '/', hostHeader: '', method: httpMethod };
  }
  if (typeof URI !== 'string') return 'destination.URI is required';
  let url: URL;
  try {
    url = new URL(URI);
  } catch {
    return `destination.URI is not a valid URI: ${URI}`;
  }
  if (url.protocol !== 'http:') {
    return `destination.URI scheme must be http, got ${url.protocol.replace(':', '')}`;
  }
  if (!HOSTS.includes(url.hostname)) {
    return `destination.URI host must be sandbox.localdomain or sandbox, got ${url.hostname}`;
  }
  if (url.port === '') return 'URI port is not provided';
  const uriPort = Number(url.port);
  if (!validPort(uriPort)) return `URI port must be 1-65535, got ${url.port}`;
  return {
    protocol,
    port: uriPort,
    path: `${url.pathname}${url.search}`,
    hostHeader: url.host,
    method: httpMethod,
  };
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65_535;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(errorMessage: string): ParseResult {
  return { ok: false, errorMessage };
}
