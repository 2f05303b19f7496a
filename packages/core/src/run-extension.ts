import { join } from 'node:path';
import { configFailure, readConfigs } from './config-failure.js';
import { loadEnvWithConfigFile } from './config-file.js';
import { createLogger } from './default-logger.js';
import type { Destination } from './destination.js';
import { resolveLogLevel, resolveOnConfigError } from './early-settings.js';
import { startExtension, takeEarlyStart } from './early-start.js';
import type { Env } from './env-reader.js';
import { ConfigError, ExtensionError } from './errors.js';
import { createFunctionContext } from './function-context.js';
import type { FunctionContext } from './log-event.js';
import type { Logger } from './logger.js';
import type { Registration } from './registration.js';
import { startPipeline } from './start-pipeline.js';

/**
 * What a destination app gives {@link runExtension}.
 *
 * @example
 * const app: ExtensionApp<WebhookConfig> = {
 *   defaultName: 'logdrain-webhook',
 *   parseConfig: parseWebhookConfig,
 *   createDestination: (config) => createWebhookDestination(config),
 * };
 * await runExtension(app);
 */
export interface ExtensionApp<TConfig> {
  /** The extension's name when the launcher passes none (argv[2]). */
  readonly defaultName: string;
  /** Reads the app's settings; throws ConfigError listing every problem. */
  parseConfig(env: Env, ctx: { log: Logger }): TConfig;
  /** Builds the destination (import heavy modules lazily, in here). */
  createDestination(
    config: TConfig,
    ctx: { log: Logger; context: FunctionContext }
  ): Destination | Promise<Destination>;
  /** Defaults to `process.env`. */
  readonly env?: Env;
  /** Defaults to `process.argv`. */
  readonly argv?: readonly string[];
  /** Defaults to `process.exit`. */
  readonly exit?: (code: number) => void;
  /** Where the extension's own log lines go; defaults to stderr. */
  readonly writeLog?: (line: string) => void;
  /** Log (not crash on) uncaught errors; default true. */
  readonly guardProcess?: boolean;
  /**
   * Cap V8's heap once running (see capHeap): lower peak RSS for a little
   * CPU per line; default true. Measure a new destination both ways (peak
   * RSS and CPU per line in `pnpm bench`) before turning it off.
   */
  readonly capHeap?: boolean;
}

/**
 * Runs a logdrain extension from start to exit:
 * 1. registers FIRST (name = argv[2] from the launcher, else defaultName;
 *    INVOKE and SHUTDOWN, or SHUTDOWN only on Lambda Managed Instances,
 *    detected from AWS_LAMBDA_INITIALIZATION_TYPE or from the platform
 *    refusing INVOKE; `Lambda-Extension-Accept-Feature: accountId`), or
 *    goes on with the registration a layer bundle started (registerEarly);
 * 2. reads the LOGDRAIN_CONFIG file and the environment, core and app
 *    settings together, every problem at once. On a problem with
 *    LOGDRAIN_ON_CONFIG_ERROR=fail it reports `Extension.ConfigInvalid` to
 *    init/error and exits 1; with `disable` it logs one error line and
 *    idles on /event/next until SHUTDOWN, then exits 0;
 * 3. starts the listener, creates the destination, subscribes (an init
 *    failure is reported to init/error and exits 1);
 * 4. loops on /event/next under the flush policy, and on SHUTDOWN drains
 *    (see drainOnShutdown) and exits 0 before the deadline.
 * After init nothing crashes the process: errors are logged and counted.
 *
 * @example
 * await runExtension({
 *   defaultName: 'logdrain-webhook',
 *   parseConfig: parseWebhookConfig,
 *   async createDestination(config) {
 *     const { createWebhookDestination } = await import('./destination.js');
 *     return createWebhookDestination(config);
 *   },
 * });
 */
export async function runExtension<TConfig>(
  app: ExtensionApp<TConfig>
): Promise<void> {
  const env = app.env ?? process.env;
  const exit = app.exit ?? ((code: number) => process.exit(code));
  // Register before anything else (spec 3.1, 9.1); a layer bundle has
  // registered already, before compiling this code (registerEarly).
  const start =
    takeEarlyStart() ??
    startExtension({
      defaultName: app.defaultName,
      env,
      argv: app.argv,
      writeLog: app.writeLog,
      guard: app.guardProcess,
    });
  const { name, client } = start;
  let registration: Registration;
  try {
    registration = await start.registration;
  } catch (error) {
    start.log.error('registration failed; exiting', { error });
    return exit(1);
  }

  const loaded = loadEnvWithConfigFile(env);
  const log = createLogger({
    level: resolveLogLevel(loaded.env),
    component: name,
    write: app.writeLog,
  });
  start.log = log;
  const context = createFunctionContext({
    register: registration.registered,
    env: loaded.env,
    extensionName: name,
  });
  const onConfigError = resolveOnConfigError(loaded.env);
  const configs = readConfigs(app, loaded.env, loaded.problems, log);
  if (configs instanceof ConfigError) {
    return configFailure({ client, log, name, onConfigError, exit }, configs);
  }
  for (const warning of configs.core.warnings) log.warn(warning);

  let started: Awaited<ReturnType<typeof startPipeline>>;
  try {
    started = await startPipeline({
      client,
      core: configs.core,
      context,
      log,
      extensionId: registration.registered.extensionId,
      managedInstances: registration.managedInstances,
      spillDir: join(tempDir(env), `logdrain-${name}`),
      capHeap: app.capHeap ?? true,
      createDestination: () =>
        app.createDestination(configs.app, {
          log: log.child('destination'),
          context,
        }),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      return configFailure({ client, log, name, onConfigError, exit }, error);
    }
    log.error('initialisation failed', { error });
    await client
      .initError(
        initErrorType(error),
        (error as Error).message ?? String(error)
      )
      .catch((reportError: unknown) =>
        log.error('init/error failed', { error: reportError })
      );
    return exit(1);
  }

  try {
    await started.run();
    return exit(0);
  } catch (error) {
    log.error('the extension cannot continue: /event/next keeps failing', {
      error,
    });
    await started.abandon();
    await client
      .exitError('Extension.NextFailed', error as Error)
      .catch(() => undefined);
    return exit(1);
  }
}

function initErrorType(error: unknown): string {
  if (!(error instanceof ExtensionError)) return 'Extension.DestinationFailed';
  switch (error.code) {
    case 'LISTENER_FAILED':
      return 'Extension.ListenerFailed';
    case 'SUBSCRIBE_FAILED':
      return 'Extension.SubscribeFailed';
    case 'CONFIG_INVALID':
      return 'Extension.ConfigInvalid';
    default:
      return 'Extension.InitFailed';
  }
}

// What os.tmpdir() answers on Linux, without loading node:os before the
// first /event/next (Lambda sets no TMPDIR: /tmp).
function tempDir(env: Env): string {
  const dir = env.TMPDIR || env.TMP || env.TEMP || '/tmp';
  return dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
}
