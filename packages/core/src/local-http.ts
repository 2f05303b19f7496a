import { Agent, request } from 'node:http';

/**
 * One answer of the local Lambda APIs.
 *
 * @example
 * const { status, body }: LocalResponse = await localRequest({ agent, method: 'GET', url });
 */
export interface LocalResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/**
 * Options of {@link localRequest}.
 *
 * @example
 * const opts: LocalRequestOptions = { agent: createLocalAgent(), method: 'GET', url: 'http://127.0.0.1:9001/2020-01-01/extension/event/next' };
 */
export interface LocalRequestOptions {
  readonly agent: Agent;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Undefined: no timeout at all (the /event/next long poll). */
  readonly timeoutMs?: number;
}

/**
 * A keep-alive agent for the local Runtime API; no socket timeout.
 *
 * @example
 * const agent = createLocalAgent();
 */
export function createLocalAgent(): Agent {
  return new Agent({ keepAlive: true });
}

/**
 * A plain HTTP/1.1 call to the local Runtime API (node:http, no undici: its
 * headers timeout would abort a long poll). A reset on a reused keep-alive
 * socket (the peer closed it while the environment was frozen) is retried
 * once, at once, on a fresh socket.
 *
 * @example
 * const res = await localRequest({
 *   agent: createLocalAgent(),
 *   method: 'GET',
 *   url: 'http://127.0.0.1:9001/2020-01-01/extension/event/next',
 *   headers: { 'Lambda-Extension-Identifier': id },
 * });
 */
export async function localRequest(
  opts: LocalRequestOptions
): Promise<LocalResponse> {
  try {
    return await once(opts);
  } catch (error) {
    if ((error as { reusedSocket?: boolean }).reusedSocket) return once(opts);
    throw error;
  }
}

function once(opts: LocalRequestOptions): Promise<LocalResponse> {
  const payload =
    opts.body === undefined
      ? undefined
      : Buffer.from(JSON.stringify(opts.body));
  const headers: Record<string, string> = { ...opts.headers };
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(payload.length);
  }
  return new Promise((resolve, reject) => {
    const req = request(
      opts.url,
      { method: opts.method, agent: opts.agent, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          })
        );
      }
    );
    req.on('error', (error: Error & { code?: string }) => {
      const stale =
        req.reusedSocket &&
        (error.code === 'ECONNRESET' ||
          error.code === 'EPIPE' ||
          error.message === 'socket hang up');
      reject(Object.assign(error, { reusedSocket: stale }));
    });
    if (opts.timeoutMs !== undefined) {
      req.setTimeout(opts.timeoutMs, () =>
        req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`))
      );
    }
    req.end(payload);
  });
}

/**
 * The `errorType` and `errorMessage` of an error body, when present.
 *
 * @example
 * describeErrorBody('{"errorType":"ValidationError","errorMessage":"bad"}');
 * // → 'ValidationError: bad'
 */
export function describeErrorBody(body: string): string {
  try {
    const parsed = JSON.parse(body) as {
      errorType?: unknown;
      errorMessage?: unknown;
    };
    if (parsed && typeof parsed === 'object') {
      const type = typeof parsed.errorType === 'string' ? parsed.errorType : '';
      const msg =
        typeof parsed.errorMessage === 'string' ? parsed.errorMessage : '';
      if (type || msg) return [type, msg].filter(Boolean).join(': ');
    }
  } catch {
    // Not JSON: show the text itself.
  }
  return body.slice(0, 200);
}

/**
 * The error type of an error body, or ''.
 *
 * @example
 * errorTypeOf('{"errorType":"Telemetry.NotSupported"}'); // → 'Telemetry.NotSupported'
 */
export function errorTypeOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { errorType?: unknown };
    return typeof parsed?.errorType === 'string' ? parsed.errorType : '';
  } catch {
    return '';
  }
}
