import type { Logger } from './logger.js';

let guarded = false;

/**
 * After init nothing may crash the environment (spec 7.4: an extension that
 * exits outside shutdown fails the invoke). Uncaught exceptions and
 * unhandled rejections are logged instead. Installed once per process.
 * A closed stderr is ignored by the default logger, the one writer; stdout
 * is never written. Neither stream is touched here: the first access to
 * `process.stderr` builds it (a pipe on Lambda: ~2 ms of CPU), which a
 * healthy extension never needs.
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
}
