import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Lambda Runtime API, for core's unit tests only: each
 * route answers from a queue of canned replies and every call is recorded.
 * The real behaviour is pinned by @logdrain/sandbox and the end-to-end
 * tests of the apps; this only lets the clients be tested in isolation.
 */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Answer only when this resolves (a long poll). */
  wait?: Promise<void>;
}

export interface RecordedCall {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A canned reply, or one computed when the call arrives. */
export type Route = Reply | ((call: RecordedCall) => Reply | Promise<Reply>);

export async function startRuntimeApiStandIn(
  routes: Record<string, Route[]>
): Promise<{
  runtimeApi: string;
  calls: RecordedCall[];
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}> {
  const calls: RecordedCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      const call: RecordedCall = {
        method: req.method ?? '',
        path,
        headers: req.headers,
        body: text === '' ? undefined : JSON.parse(text),
      };
      calls.push(call);
      const route = routes[`${req.method} ${path}`]?.shift() ?? {
        status: 500,
        body: { errorType: 'InternalServerError', errorMessage: 'no reply' },
      };
      const reply = typeof route === 'function' ? await route(call) : route;
      await reply.wait;
      res.writeHead(reply.status, {
        'Content-Type': 'application/json',
        ...reply.headers,
      });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    runtimeApi: `127.0.0.1:${port}`,
    calls,
    close,
    [Symbol.asyncDispose]: close,
  };
}
