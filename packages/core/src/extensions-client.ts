import type { Agent } from 'node:http';
import { type ErrorCode, ExtensionError } from './errors.js';
import { type ExtensionEvent, toExtensionEvent } from './extension-event.js';
import {
  createLocalAgent,
  describeErrorBody,
  errorTypeOf,
  type LocalResponse,
  localRequest,
} from './local-http.js';

/**
 * The Extensions API answered a call with an error status. `status` and the
 * body's `errorType` let a caller react to one refusal in particular.
 *
 * @example
 * if (error instanceof PlatformRefusalError && error.errorType === 'Extension.InvalidEventType') retry();
 */
export class PlatformRefusalError extends ExtensionError {
  override readonly name: string = 'PlatformRefusalError';
  readonly status: number;
  /** The body's `errorType`; '' when the body names none. */
  readonly errorType: string;
  constructor(
    code: ErrorCode,
    message: string,
    answer: { readonly status: number; readonly errorType: string }
  ) {
    super(code, message);
    this.status = answer.status;
    this.errorType = answer.errorType;
  }
}

/**
 * What register answers (spec 3.2).
 *
 * @example
 * const { extensionId, accountId }: RegisterResult = await client.register({ name, events: ['INVOKE', 'SHUTDOWN'] });
 */
export interface RegisterResult {
  readonly extensionId: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly handler: string;
  /** Present because we send `Lambda-Extension-Accept-Feature: accountId`. */
  readonly accountId?: string;
}

/**
 * The Extensions API, version 2020-01-01.
 *
 * @example
 * const client: ExtensionsClient = createExtensionsClient({ runtimeApi: '127.0.0.1:9001' });
 */
export interface ExtensionsClient {
  register(opts: {
    name: string;
    events: readonly ('INVOKE' | 'SHUTDOWN')[];
    acceptFeatures?: readonly string[];
  }): Promise<RegisterResult>;
  /** Blocks, with no timeout, until the next event. */
  next(): Promise<ExtensionEvent>;
  initError(errorType: string, error: Error | string): Promise<void>;
  exitError(errorType: string, error: Error | string): Promise<void>;
  /** The id from register; undefined before it. */
  readonly extensionId: string | undefined;
  /** `http://<AWS_LAMBDA_RUNTIME_API>`. */
  readonly baseUrl: string;
  /** The keep-alive agent, shared with the subscription calls. */
  readonly agent: Agent;
}

/** Calls other than /event/next get an answer well within Init's 10 s. */
const CALL_TIMEOUT_MS = 5_000;

/**
 * Creates an Extensions API client over `node:http` with keep-alive. The
 * /event/next long poll has no timeout at all: the environment may stay
 * frozen in it for hours (spec 2.3). Failures throw ExtensionError
 * (`REGISTER_FAILED` for register, `PLATFORM_ERROR` otherwise) naming the
 * status and the platform's errorType; an error answer throws its subclass
 * PlatformRefusalError, which carries both.
 *
 * @example
 * const client = createExtensionsClient({ runtimeApi: process.env.AWS_LAMBDA_RUNTIME_API ?? '' });
 * await client.register({ name: 'logdrain-webhook', events: ['INVOKE', 'SHUTDOWN'], acceptFeatures: ['accountId'] });
 * const event = await client.next();
 */
export function createExtensionsClient(opts: {
  runtimeApi: string;
  agent?: Agent;
}): ExtensionsClient {
  const baseUrl = `http://${opts.runtimeApi}`;
  const api = `${baseUrl}/2020-01-01/extension`;
  const agent = opts.agent ?? createLocalAgent();
  let extensionId: string | undefined;

  const call = async (
    what: string,
    code: 'REGISTER_FAILED' | 'PLATFORM_ERROR',
    request: Omit<Parameters<typeof localRequest>[0], 'agent'>
  ): Promise<LocalResponse> => {
    let res: LocalResponse;
    try {
      res = await localRequest({ ...request, agent });
    } catch (error) {
      throw new ExtensionError(
        code,
        `${what} failed: ${(error as Error).message}`,
        { cause: error }
      );
    }
    if (res.status < 200 || res.status > 299) {
      throw new PlatformRefusalError(
        code,
        `${what} answered ${res.status}: ${describeErrorBody(res.body)}`,
        { status: res.status, errorType: errorTypeOf(res.body) }
      );
    }
    return res;
  };
  const idHeader = (): Record<string, string> => ({
    'Lambda-Extension-Identifier': extensionId ?? '',
  });
  const reportError = async (
    path: 'init/error' | 'exit/error',
    errorType: string,
    error: Error | string
  ): Promise<void> => {
    const message = typeof error === 'string' ? error : error.message;
    await call(path, 'PLATFORM_ERROR', {
      method: 'POST',
      url: `${api}/${path}`,
      headers: {
        ...idHeader(),
        'Lambda-Extension-Function-Error-Type': errorType,
      },
      body: { errorMessage: message, errorType, stackTrace: [] },
      timeoutMs: CALL_TIMEOUT_MS,
    });
  };

  return {
    baseUrl,
    agent,
    get extensionId() {
      return extensionId;
    },
    async register(registerOpts) {
      const headers: Record<string, string> = {
        'Lambda-Extension-Name': registerOpts.name,
      };
      if (registerOpts.acceptFeatures?.length) {
        headers['Lambda-Extension-Accept-Feature'] =
          registerOpts.acceptFeatures.join(',');
      }
      const res = await call('register', 'REGISTER_FAILED', {
        method: 'POST',
        url: `${api}/register`,
        headers,
        body: { events: registerOpts.events },
        timeoutMs: CALL_TIMEOUT_MS,
      });
      const id = res.headers['lambda-extension-identifier'];
      if (typeof id !== 'string' || id === '') {
        throw new ExtensionError(
          'REGISTER_FAILED',
          'register answered without a Lambda-Extension-Identifier header'
        );
      }
      extensionId = id;
      const body = parseObject(res.body);
      return {
        extensionId: id,
        functionName: stringField(body, 'functionName'),
        functionVersion: stringField(body, 'functionVersion'),
        handler: stringField(body, 'handler'),
        ...(typeof body.accountId === 'string'
          ? { accountId: body.accountId }
          : {}),
      };
    },
    async next() {
      const res = await call('event/next', 'PLATFORM_ERROR', {
        method: 'GET',
        url: `${api}/event/next`,
        headers: idHeader(),
      });
      return toExtensionEvent(parseObject(res.body));
    },
    initError: (errorType, error) =>
      reportError('init/error', errorType, error),
    exitError: (errorType, error) =>
      reportError('exit/error', errorType, error),
  };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Reported below.
  }
  throw new ExtensionError(
    'PLATFORM_ERROR',
    `expected a JSON object from the Extensions API, got ${JSON.stringify(text.slice(0, 100))}`
  );
}

function stringField(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  return typeof value === 'string' ? value : '';
}
