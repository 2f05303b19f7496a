import { request } from 'node:http';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  text(): string;
  json(): unknown;
}

export interface HttpCallOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  readonly timeoutMs?: number;
}

/**
 * One plain-HTTP request without keep-alive (no socket outlives the call),
 * for peers on 127.0.0.1. Rejects on network errors and after `timeoutMs`.
 */
export function httpCall(
  url: string,
  opts: HttpCallOptions = {}
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: opts.method ?? 'GET',
        headers: opts.headers,
        agent: false,
        timeout: opts.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text: () => body.toString('utf8'),
            json: () => JSON.parse(body.toString('utf8')),
          });
        });
      }
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${opts.method ?? 'GET'} ${url} timed out`))
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
