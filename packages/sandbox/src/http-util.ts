import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiCall } from './types.js';

/** A request in flight on the API server, with its recorded call. */
export interface ApiExchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path without query string and trailing slash. */
  path: string;
  call: ApiCall;
  /** performance.now() when the request arrived. */
  startPerf: number;
}

/** Reads the whole body; the Runtime API caps payloads at ~6 MiB (spec 6.2). */
export async function readBody(
  req: IncomingMessage,
  maxBytes = 6_291_556 * 2
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= maxBytes) chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Answers with a JSON body and records the status on the call. */
export function sendJson(
  ex: ApiExchange,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  ex.call.status = status;
  if (ex.res.headersSent || ex.res.destroyed) return;
  const text = JSON.stringify(body);
  ex.res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  ex.res.end(text);
}

/** Answers with the `{errorMessage, errorType}` body of every API error. */
export function sendError(
  ex: ApiExchange,
  status: number,
  errorType: string,
  errorMessage: string
): void {
  ex.call.errorType = errorType;
  sendJson(ex, status, { errorMessage, errorType });
}

/** Parses a JSON body, or undefined when it is not valid JSON. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
