import type { IncomingHttpHeaders } from 'node:http';
import { parseJson } from './http-util.js';

const EVENTS = ['INVOKE', 'SHUTDOWN'];

/** A register call checked against spec 3.2 and 3.6. */
export type RegisterRequest =
  | { ok: true; name: string; events: string[]; features: string[] }
  | { ok: false; errorType: string; errorMessage: string };

/**
 * Checks the name header and the body. State checks (closed registration,
 * duplicates, the extension limit) belong to the caller.
 */
export function parseRegister(
  headers: IncomingHttpHeaders,
  body: Buffer
): RegisterRequest {
  const header = headers['lambda-extension-name'];
  const name = typeof header === 'string' ? header : '';
  if (name === '') {
    return fail('Extension.InvalidExtensionName', 'Empty extension name');
  }
  const parsed = body.length === 0 ? {} : parseJson(body);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return fail('InvalidRequestFormat', 'Request body is not a JSON object');
  }
  const { events = [], configurationKeys } = parsed as Record<string, unknown>;
  if (Array.isArray(configurationKeys) && configurationKeys.length > 0) {
    return fail('InvalidRequestFormat', 'configurationKeys are not supported');
  }
  if (!Array.isArray(events) || !events.every((e) => EVENTS.includes(e))) {
    return fail(
      'Extension.InvalidEventType',
      `Invalid event types ${JSON.stringify(events)}; allowed: INVOKE, SHUTDOWN`
    );
  }
  // Unknown features are ignored (spec 3.2).
  const features = String(headers['lambda-extension-accept-feature'] ?? '')
    .split(',')
    .map((f) => f.trim());
  return { ok: true, name, events: [...new Set<string>(events)], features };
}

function fail(errorType: string, errorMessage: string): RegisterRequest {
  return { ok: false, errorType, errorMessage };
}
