import { basename } from 'node:path';
import { createLogger } from './default-logger.js';
import { resolveLogLevel } from './early-settings.js';
import type { Env } from './env-reader.js';
import {
  createExtensionsClient,
  type ExtensionsClient,
} from './extensions-client.js';
import type { Logger } from './logger.js';
import { guardProcess } from './process-guard.js';
import { type Registration, registerExtension } from './registration.js';

/**
 * An extension whose registration is under way: what runExtension goes on
 * with. `log` is the logger the process guard writes to; runExtension
 * replaces it once the config is read.
 *
 * @example
 * const start: ExtensionStart = startExtension({ defaultName: 'logdrain-webhook' });
 */
export interface ExtensionStart {
  readonly name: string;
  readonly client: ExtensionsClient;
  log: Logger;
  /** Rejects when registration failed (the caller logs and exits 1). */
  readonly registration: Promise<Registration>;
}

/**
 * Where startExtension takes the name, the environment and the log writer
 * from; each defaults to the process's.
 *
 * @example
 * const opts: StartOptions = { defaultName: 'logdrain-webhook' };
 */
export interface StartOptions {
  /** The name when argv[2] (the launcher's) is missing. */
  readonly defaultName: string;
  readonly env?: Env;
  readonly argv?: readonly string[];
  readonly writeLog?: (line: string) => void;
  /** Install the process guard (guardProcess); default true. */
  readonly guard?: boolean;
}

/**
 * Names the extension (argv[2] from the launcher, else `defaultName`),
 * creates its logger and Extensions API client, guards the process (unless
 * `guard` is false) and sends the register call (see registerExtension).
 *
 * @example
 * const { client, registration } = startExtension({ defaultName: 'logdrain-webhook' });
 */
export function startExtension(opts: StartOptions): ExtensionStart {
  const env = opts.env ?? process.env;
  const given = (opts.argv ?? process.argv)[2]?.trim();
  const name = given ? basename(given) : opts.defaultName;
  const log = createLogger({
    level: resolveLogLevel(env),
    component: name,
    write: opts.writeLog,
  });
  const client = createExtensionsClient({
    runtimeApi: env.AWS_LAMBDA_RUNTIME_API ?? '127.0.0.1:9001',
  });
  const registration = registerExtension({
    client,
    name,
    initializationType: env.AWS_LAMBDA_INITIALIZATION_TYPE,
    log,
  });
  // Awaited by runExtension, maybe only after the app has been compiled.
  registration.catch(() => undefined);
  const start: ExtensionStart = { name, client, log, registration };
  if (opts.guard ?? true) guardProcess(() => start.log);
  return start;
}

let early: ExtensionStart | undefined;

/**
 * A layer bundle's app (see registerEarly) failed to compile or threw
 * before runExtension took over: logs it, reports it to init/error as
 * `Extension.InitFailed` (once registered) and exits 1. The process guard
 * would only log it, and the process would end with code 0.
 *
 * @example
 * try { await app(core, url); } catch (error) { await failEarlyStart(start, error); }
 */
export async function failEarlyStart(
  start: ExtensionStart,
  error: unknown,
  exit: (code: number) => void = (code) => process.exit(code)
): Promise<void> {
  start.log.error('the app failed to start; exiting', { error });
  await start.registration.then(
    () =>
      start.client
        .initError('Extension.InitFailed', errorMessage(error))
        .catch((reportError: unknown) =>
          start.log.error('init/error failed', { error: reportError })
        ),
    () => undefined
  );
  exit(1);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Starts the extension before the rest of the app is compiled: a layer
 * bundle's first code (see @logdrain/layer-build, registerFirst) registers,
 * then evaluates the app, whose runExtension takes this start over
 * (takeEarlyStart) instead of registering.
 *
 * @example
 * await registerEarly({ defaultName: 'logdrain-webhook' }).registration.catch(() => undefined);
 */
export function registerEarly(opts: StartOptions): ExtensionStart {
  early = startExtension(opts);
  return early;
}

/**
 * The start registerEarly made, once; undefined when there was none.
 *
 * @example
 * const start = takeEarlyStart() ?? startExtension({ defaultName });
 */
export function takeEarlyStart(): ExtensionStart | undefined {
  const taken = early;
  early = undefined;
  return taken;
}
