// The Node.js runtime the sandbox spawns: loads the handler named by
// _HANDLER under LAMBDA_TASK_ROOT and loops over the Runtime API, writing
// console output like the managed runtime (framed log descriptor, spec 6.8).
// Built to a standalone file (runtime-log.ts is bundled in): no other imports.
import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  LINE_BYTES_HEADER,
  LINES_HEADER,
  makeLine,
} from './generated-lines.js';
import { log, patchConsole, withRequestId } from './runtime-log.js';

type Handler = (event: unknown, context: object, cb?: unknown) => unknown;

const env = process.env;
const [apiHost, apiPort] = (env.AWS_LAMBDA_RUNTIME_API ?? '').split(':');
const BASE = '/2018-06-01/runtime';
// Managed Instances: this many invokes at once, each with its own next loop.
const concurrency = Math.max(1, Number(env.AWS_LAMBDA_MAX_CONCURRENCY) || 1);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
let requestId: string | undefined;
patchConsole();

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function call(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {}
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: apiHost,
        port: apiPort,
        method,
        path: BASE + path,
        agent,
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          })
        );
        res.on('error', reject);
      }
    );
    req.on('error', reject);
    req.end(body);
  });
}

function errorBody(error: unknown): {
  errorType: string;
  errorMessage: string;
  trace: string[];
} {
  if (error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n'),
    };
  }
  return { errorType: 'string', errorMessage: String(error), trace: [] };
}

async function reportInitError(
  errorType: string,
  error: unknown
): Promise<never> {
  const body = { ...errorBody(error), errorType };
  log('ERROR', [`Uncaught Exception \t${JSON.stringify(body)}`]);
  await call('POST', '/init/error', JSON.stringify(body), {
    'lambda-runtime-function-error-type': errorType,
  }).catch(() => undefined);
  process.exit(1);
}

async function loadHandler(): Promise<Handler> {
  const spec = env._HANDLER ?? 'index.handler';
  const dot = spec.lastIndexOf('.');
  const moduleName = spec.slice(0, dot);
  const fnName = spec.slice(dot + 1);
  const root = env.LAMBDA_TASK_ROOT ?? process.cwd();
  const file = ['.js', '.mjs', '.cjs']
    .map((ext) => join(root, moduleName + ext))
    .find((f) => existsSync(f));
  if (!file) {
    return reportInitError(
      'Runtime.ImportModuleError',
      new Error(`Cannot find module '${moduleName}'`)
    );
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    // As the managed runtime: syntax and missing-module errors get their own
    // types; anything else thrown at import keeps its name (spec 4.6 then
    // maps it to Runtime.Unknown).
    const code = (error as NodeJS.ErrnoException).code;
    const type =
      error instanceof SyntaxError
        ? 'Runtime.UserCodeSyntaxError'
        : code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
          ? 'Runtime.ImportModuleError'
          : errorBody(error).errorType;
    return reportInitError(type, error);
  }
  const fallback = mod.default as Record<string, unknown> | undefined;
  const handler = mod[fnName] ?? fallback?.[fnName];
  if (typeof handler !== 'function') {
    return reportInitError(
      'Runtime.HandlerNotFound',
      new Error(`${spec} is undefined or not exported`)
    );
  }
  return handler as Handler;
}

function runHandler(
  handler: Handler,
  event: unknown,
  context: object
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const callback = (error: unknown, value: unknown): void =>
      error ? reject(error) : resolve(value);
    try {
      const result = handler(event, context, callback);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(resolve, reject);
      } else if (handler.length < 3) {
        resolve(result);
      }
    } catch (error) {
      reject(error);
    }
  });
}

let crashing = false;

async function crash(error: unknown): Promise<void> {
  // A second fault while crashing (e.g. the log descriptor is gone because
  // the sandbox died) ends the process instead of looping through here.
  if (crashing) process.exit(129);
  crashing = true;
  const body = errorBody(error);
  try {
    log('ERROR', [`Uncaught Exception \t${JSON.stringify(body)}`]);
  } catch {
    process.exit(129);
  }
  if (requestId) {
    await call('POST', `/invocation/${requestId}/error`, JSON.stringify(body), {
      'lambda-runtime-function-error-type': `Runtime.${body.errorType}`,
    }).catch(() => undefined);
  }
  process.exit(129);
}
process.on('uncaughtException', (error) => void crash(error));
process.on('unhandledRejection', (error) => void crash(error));

/** The sandbox's `lines` option: INFO lines before the handler runs. */
function generateLines(headers: http.IncomingHttpHeaders): void {
  const count = Number(headers[LINES_HEADER] ?? 0);
  const bytes = Number(headers[LINE_BYTES_HEADER] ?? 0);
  for (let i = 0; i < count; i += 1) log('INFO', [makeLine(i, count, bytes)]);
}

async function main(): Promise<void> {
  const handler = await loadHandler();
  const loops = Array.from({ length: concurrency }, () => serve(handler));
  await Promise.all(loops);
}

async function serve(handler: Handler): Promise<void> {
  for (;;) {
    const next = await call('GET', '/invocation/next');
    const id = String(next.headers['lambda-runtime-aws-request-id']);
    requestId = id;
    await withRequestId(id, () => handleInvoke(handler, id, next));
  }
}

async function handleInvoke(
  handler: Handler,
  id: string,
  next: Reply
): Promise<void> {
  const deadlineMs = Number(next.headers['lambda-runtime-deadline-ms']);
  env._X_AMZN_TRACE_ID = String(next.headers['lambda-runtime-trace-id'] ?? '');
  const text = next.body.toString('utf8');
  let event: unknown = text;
  try {
    event = JSON.parse(text);
  } catch {
    // A payload that is not JSON reaches the handler as a string.
  }
  const context = {
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: String(
      next.headers['lambda-runtime-invoked-function-arn']
    ),
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: id,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
  };
  generateLines(next.headers);
  try {
    const result = await runHandler(handler, event, context);
    const body = result === undefined ? '' : JSON.stringify(result);
    await call('POST', `/invocation/${id}/response`, body, {
      'content-type': 'application/json',
    });
  } catch (error) {
    const body = errorBody(error);
    log('ERROR', [`Invoke Error \t${JSON.stringify(body)}`]);
    await call('POST', `/invocation/${id}/error`, JSON.stringify(body), {
      'lambda-runtime-function-error-type': body.errorType,
    });
  }
}

void main();
