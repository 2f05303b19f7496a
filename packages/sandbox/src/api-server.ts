import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApiExchange, readBody, sendError } from './http-util.js';
import type { ApiCall } from './types.js';

/** What the server routes to (the current environment's state). */
export interface ApiRoutes {
  register(ex: ApiExchange, body: Buffer): void;
  extensionNext(ex: ApiExchange): void;
  extensionError(ex: ApiExchange, kind: 'init' | 'exit'): void;
  subscribe(ex: ApiExchange, api: 'telemetry' | 'logs', body: Buffer): void;
  runtimeNext(ex: ApiExchange): void;
  runtimeAnswer(
    ex: ApiExchange,
    requestId: string,
    body: Buffer,
    kind: 'response' | 'error'
  ): void;
  runtimeInitError(ex: ApiExchange, body: Buffer): void;
}

const INVOCATION =
  /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;

/**
 * One HTTP/1.1 listener on 127.0.0.1 for the Runtime, Extensions, Telemetry
 * and Logs APIs (spec 0); paths are accepted with or without a trailing slash.
 */
export async function startApiServer(opts: {
  routes: ApiRoutes;
  apiCalls: ApiCall[];
  runtimeCalls: ApiCall[];
}): Promise<{ server: http.Server; address: string }> {
  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  // A next call may be held for as long as the environment lives.
  server.requestTimeout = 0;
  server.timeout = 0;
  server.keepAliveTimeout = 60 * 60 * 1000;

  async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse
  ): Promise<void> {
    const startPerf = performance.now();
    const rawPath = (req.url ?? '/').split('?')[0] as string;
    const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
    const method = req.method ?? 'GET';
    const call: ApiCall = { method, path, status: undefined, atMs: Date.now() };
    const isRuntime = path.startsWith('/2018-06-01/');
    (isRuntime ? opts.runtimeCalls : opts.apiCalls).push(call);
    const ex: ApiExchange = { req, res, path, call, startPerf };
    const body = method === 'GET' ? Buffer.alloc(0) : await readBody(req);
    const r = opts.routes;
    const route = (want: string, fn: () => void): void => {
      if (method !== want) {
        sendError(
          ex,
          405,
          'MethodNotAllowed',
          `${method} is not allowed on ${path}`
        );
        return;
      }
      fn();
    };
    const invocation = INVOCATION.exec(path);
    if (invocation) {
      const [, requestId, kind] = invocation as unknown as [
        string,
        string,
        'response' | 'error',
      ];
      route('POST', () => r.runtimeAnswer(ex, requestId, body, kind));
      return;
    }
    switch (path) {
      case '/2020-01-01/extension/register':
        route('POST', () => r.register(ex, body));
        return;
      case '/2020-01-01/extension/event/next':
        route('GET', () => r.extensionNext(ex));
        return;
      case '/2020-01-01/extension/init/error':
        route('POST', () => r.extensionError(ex, 'init'));
        return;
      case '/2020-01-01/extension/exit/error':
        route('POST', () => r.extensionError(ex, 'exit'));
        return;
      case '/2022-07-01/telemetry':
        route('PUT', () => r.subscribe(ex, 'telemetry', body));
        return;
      case '/2020-08-15/logs':
        route('PUT', () => r.subscribe(ex, 'logs', body));
        return;
      case '/2018-06-01/runtime/invocation/next':
        route('GET', () => r.runtimeNext(ex));
        return;
      case '/2018-06-01/runtime/init/error':
        route('POST', () => r.runtimeInitError(ex, body));
        return;
      default:
        sendError(ex, 404, 'NotFound', `No API at ${path}`);
        return;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, address: `127.0.0.1:${port}` };
}
