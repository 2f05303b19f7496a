import http from 'node:http';

/** An answer of the environment's APIs, body parsed as JSON when it is JSON. */
export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** The body as received. */
  text: string;
}

/**
 * One HTTP call to `http://${api}${path}` on its own connection. A string
 * body is sent as is, anything else as JSON.
 */
export function rawCall(
  api: string,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: unknown } = {}
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`http://${api}${path}`, {
      method,
      agent: false,
      headers: opts.headers,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON: keep the text.
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          text,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    const { body } = opts;
    req.end(
      body === undefined
        ? undefined
        : typeof body === 'string' || Buffer.isBuffer(body)
          ? body
          : JSON.stringify(body)
    );
  });
}

/** Paths of spec 0. */
export const PATHS = {
  register: '/2020-01-01/extension/register',
  next: '/2020-01-01/extension/event/next',
  initError: '/2020-01-01/extension/init/error',
  exitError: '/2020-01-01/extension/exit/error',
  telemetry: '/2022-07-01/telemetry',
  logs: '/2020-08-15/logs',
  runtimeNext: '/2018-06-01/runtime/invocation/next',
  runtimeInitError: '/2018-06-01/runtime/init/error',
  response: (id: string) => `/2018-06-01/runtime/invocation/${id}/response`,
  error: (id: string) => `/2018-06-01/runtime/invocation/${id}/error`,
} as const;

/** A call left pending (a next): its reset at the end must not fail the run. */
export function pendingCall(
  api: string,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: unknown } = {}
): Promise<RawAnswer | undefined> {
  return rawCall(api, method, path, opts).catch(() => undefined);
}
