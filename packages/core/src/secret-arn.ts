/**
 * Where a secret lives, parsed from an ARN in a `…_ARN` variable.
 *
 * @example
 * const where: SecretArn | undefined = parseSecretArn(env.LOGDRAIN_WEBHOOK_SECRET_ARN ?? '');
 */
export interface SecretArn {
  readonly service: 'secretsmanager' | 'ssm';
  readonly region: string;
  /** The ARN as given, without a `#key` suffix. */
  readonly arn: string;
  /** Secrets Manager: the JSON key after `#`, when given. */
  readonly jsonKey: string | undefined;
  /** SSM: the parameter name the ARN names. */
  readonly parameterName: string | undefined;
}

/**
 * What a `…_ARN` variable may hold, for ConfigError messages.
 *
 * @example
 * read.problem({ variable, value, allowed: SECRET_ARN_ALLOWED });
 */
export const SECRET_ARN_ALLOWED =
  'an ARN arn:aws:secretsmanager:<region>:<account>:secret:<name>[#<json key>] or arn:aws:ssm:<region>:<account>:parameter/<name>';

const ARN_PATTERN =
  /^arn:aws[a-z-]*:(secretsmanager|ssm):([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):(.+)$/;

/**
 * Parses `arn:aws:secretsmanager:<region>:<account>:secret:<name>[#key]` or
 * `arn:aws:ssm:<region>:<account>:parameter/<name>`; undefined otherwise.
 * A parameter ARN whose path holds a `/` names `/<path>` (hierarchical
 * names start with a slash, which the ARN leaves out); one without names
 * `<path>`.
 *
 * @example
 * parseSecretArn('arn:aws:ssm:eu-west-1:123456789012:parameter/logdrain/key');
 * // { service: 'ssm', region: 'eu-west-1', parameterName: '/logdrain/key', … }
 */
export function parseSecretArn(text: string): SecretArn | undefined {
  const arn = text.trim();
  const match = ARN_PATTERN.exec(arn);
  if (match === null) return undefined;
  const service = match[1] as SecretArn['service'];
  const region = match[2] as string;
  const resource = match[4] as string;
  if (service === 'secretsmanager') {
    const hash = resource.indexOf('#');
    const name = hash === -1 ? resource : resource.slice(0, hash);
    const jsonKey = hash === -1 ? undefined : resource.slice(hash + 1);
    if (!name.startsWith('secret:') || name.length <= 7 || jsonKey === '') {
      return undefined;
    }
    return {
      service,
      region,
      arn:
        hash === -1 ? arn : arn.slice(0, arn.length - resource.length + hash),
      jsonKey,
      parameterName: undefined,
    };
  }
  if (!resource.startsWith('parameter/') || resource.length <= 10) {
    return undefined;
  }
  const path = resource.slice('parameter/'.length);
  return {
    service,
    region,
    arn,
    jsonKey: undefined,
    parameterName: path.includes('/') ? `/${path}` : path,
  };
}
