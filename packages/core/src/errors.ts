/** Closed set: adding a code is an API change and needs a changeset. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'REGISTER_FAILED'
  | 'SUBSCRIBE_FAILED'
  | 'LISTENER_FAILED'
  | 'PLATFORM_ERROR'
  | 'TIMEOUT';

/**
 * The one error class of logdrain; `code` says what kind of failure it is.
 *
 * @example
 * throw new ExtensionError('REGISTER_FAILED', 'register answered 500');
 */
export class ExtensionError extends Error {
  override readonly name: string = 'ExtensionError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    opts?: ErrorOptions
  ) {
    super(message, opts);
  }
}

/** One bad setting: the variable, the value seen and what is allowed. */
export interface ConfigProblem {
  readonly variable: string;
  readonly value: string | undefined;
  readonly allowed: string;
}

/**
 * Every configuration problem found, reported at once.
 *
 * @example
 * throw new ConfigError([
 *   { variable: 'LOGDRAIN_WEBHOOK_URL', value: undefined, allowed: 'an https URL' },
 * ]);
 */
export class ConfigError extends ExtensionError {
  override readonly name: string = 'ConfigError';
  constructor(
    readonly problems: readonly ConfigProblem[],
    opts?: ErrorOptions
  ) {
    super('CONFIG_INVALID', problems.map(describeProblem).join('; '), opts);
  }
}

function describeProblem(p: ConfigProblem): string {
  const seen =
    p.value === undefined ? 'it is not set' : `got ${JSON.stringify(p.value)}`;
  return `${p.variable} must be ${p.allowed}, ${seen}`;
}
