import type { Env } from './env-reader.js';
import type { RegisterResult } from './extensions-client.js';
import type { FunctionContext } from './log-event.js';
import { randomUuid } from './random-uuid.js';

/**
 * Options of {@link createFunctionContext}.
 *
 * @example
 * const context = createFunctionContext({ register, env: process.env, extensionName: 'logdrain-webhook' });
 */
export interface FunctionContextOptions {
  readonly register: RegisterResult;
  readonly env: Env;
  readonly extensionName: string;
  /** Defaults to `process.arch`. */
  readonly arch?: string;
  /** Defaults to a random UUID (one per execution environment). */
  readonly instanceId?: string;
}

/**
 * What the extension can tell about its function: name and version from the
 * register response (falling back to AWS_LAMBDA_FUNCTION_NAME/VERSION),
 * account id when the platform sent it, region and memory size from the
 * environment, architecture from the process, and a random instance id.
 *
 * @example
 * const context = createFunctionContext({ register, env: process.env, extensionName: 'logdrain-webhook' });
 * context.architecture; // → 'arm64' on Graviton
 */
export function createFunctionContext(
  opts: FunctionContextOptions
): FunctionContext {
  const { register, env } = opts;
  const memory = Number.parseInt(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '', 10);
  return Object.freeze({
    functionName: register.functionName || env.AWS_LAMBDA_FUNCTION_NAME || '',
    functionVersion:
      register.functionVersion || env.AWS_LAMBDA_FUNCTION_VERSION || '',
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || '',
    memorySizeMb: Number.isFinite(memory) ? memory : 0,
    ...(register.accountId ? { accountId: register.accountId } : {}),
    architecture: (opts.arch ?? process.arch) === 'arm64' ? 'arm64' : 'x86_64',
    instanceId: opts.instanceId ?? randomUuid(),
    extensionName: opts.extensionName,
  });
}
