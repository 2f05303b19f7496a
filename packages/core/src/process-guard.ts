import type { Logger } from './logger.js';

let guarded = false;

/**
 * After init nothing may crash the environment (spec 7.4: an extension that
 * exits outside shutdown fails the invoke). Uncaught exceptions and
 * unhandled rejections are logged instead, and a closed stdout or stderr is
 * ignored. Installed once per process.
 *
 * @example
 * guardProcess(() => log);
 */
export function guardProcess(log: () => Logger): void {
  if (guarded) return;
  guarded = true;
  process.on('uncaughtException', (error) =>
    log().error('uncaught exception (the extension keeps running)', { error })
  );
  process.on('unhandledRejection', (reason) =>
    log().error('unhandled rejection (the extension keeps running)', {
      error: reason,
    })
  );
  process.stderr.on('error', () => undefined);
  process.stdout.on('error', () => undefined);
}
