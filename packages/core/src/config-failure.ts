import type { CoreConfig } from './core-config.js';
import { parseCoreConfig } from './core-config.js';
import type { Env } from './env-reader.js';
import { ConfigError } from './errors.js';
import type { ExtensionsClient } from './extensions-client.js';
import { idleUntilShutdown } from './invoke-loop.js';
import type { Logger } from './logger.js';

/**
 * Reads core and app settings together so every problem (including those
 * of the LOGDRAIN_CONFIG file) is reported at once; a ConfigError when any.
 *
 * @example
 * const configs = readConfigs(app, env, loaded.problems, log);
 * if (configs instanceof ConfigError) return configFailure(ctx, configs);
 */
export function readConfigs<TConfig>(
  app: {
    parseConfig(env: Env, ctx: { log: Logger }): TConfig;
    defaultName: string;
  },
  env: Env,
  fileProblems: ConfigError['problems'],
  log: Logger
): { core: CoreConfig; app: TConfig } | ConfigError {
  const problems = [...fileProblems];
  let core: CoreConfig | undefined;
  let appConfig: TConfig | undefined;
  try {
    core = parseCoreConfig(env);
  } catch (error) {
    problems.push(...problemsOf(error, 'LOGDRAIN_*'));
  }
  try {
    appConfig = app.parseConfig(env, { log });
  } catch (error) {
    problems.push(...problemsOf(error, app.defaultName));
  }
  if (problems.length > 0 || core === undefined)
    return new ConfigError(problems);
  return { core, app: appConfig as TConfig };
}

function problemsOf(error: unknown, where: string): ConfigError['problems'] {
  if (error instanceof ConfigError) return error.problems;
  // A parser that throws something else has a bug; still report it clearly.
  return [
    {
      variable: where,
      value: undefined,
      allowed: `readable settings (the parser failed: ${(error as Error)?.message ?? String(error)})`,
    },
  ];
}

/**
 * Handles invalid settings: `fail` logs one line, reports
 * `Extension.ConfigInvalid` to init/error and exits 1; `disable` logs one
 * line, idles on /event/next until SHUTDOWN and exits 0.
 *
 * @example
 * return configFailure({ client, log, name, onConfigError, exit }, error);
 */
export async function configFailure(
  ctx: {
    client: ExtensionsClient;
    log: Logger;
    name: string;
    onConfigError: 'fail' | 'disable';
    exit: (code: number) => void;
  },
  error: ConfigError
): Promise<void> {
  const { client, log, name, exit } = ctx;
  if (ctx.onConfigError === 'fail') {
    log.error(`${name} cannot start: ${error.message}`);
    await client
      .initError('Extension.ConfigInvalid', error.message)
      .catch((reportError: unknown) =>
        log.error('init/error failed', { error: reportError })
      );
    return exit(1);
  }
  log.error(
    `${name} is disabled and ships nothing (LOGDRAIN_ON_CONFIG_ERROR=disable): ${error.message}`
  );
  try {
    await idleUntilShutdown({ client, log });
    return exit(0);
  } catch {
    return exit(1);
  }
}
