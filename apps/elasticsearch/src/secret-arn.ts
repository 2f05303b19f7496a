/** Where a secret setting's value lives, parsed from its `…_ARN` variable. */
export interface SecretReference {
  /** The `…_ARN` variable that named it, for error messages. */
  readonly variable: string;
  /** Which credential it holds. */
  readonly field: 'apiKey' | 'username' | 'password';
  readonly service: 'secretsmanager' | 'ssm';
  readonly region: string;
  /** The ARN without a `#key` suffix. */
  readonly arn: string;
  /** Secrets Manager: the JSON key after `#`, when given. */
  readonly jsonKey: string | undefined;
  /** SSM: the parameter name derived from the ARN. */
  readonly parameterName: string | undefined;
}

const ARN_PATTERN =
  /^arn:aws[a-z-]*:(secretsmanager|ssm):([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):(.+)$/;

/**
 * Parses `arn:aws:secretsmanager:<region>:<account>:secret:<name>[#key]` or
 * `arn:aws:ssm:<region>:<account>:parameter/<name>`; undefined otherwise.
 * A parameter ARN's path with a `/` in it names `/<path>` (hierarchical
 * names start with a slash), one without names `<path>`.
 *
 * @example
 * parseSecretArn('arn:aws:ssm:eu-west-1:123456789012:parameter/es/pw', 'password', 'LOGDRAIN_ES_PASSWORD_ARN');
 */
export function parseSecretArn(
  text: string,
  field: SecretReference['field'],
  variable: string
): SecretReference | undefined {
  const match = ARN_PATTERN.exec(text.trim());
  if (match === null) return undefined;
  const [, service, region, , resource] = match as unknown as [
    string,
    'secretsmanager' | 'ssm',
    string,
    string,
    string,
  ];
  if (service === 'secretsmanager') {
    const hash = resource.indexOf('#');
    const name = hash === -1 ? resource : resource.slice(0, hash);
    const jsonKey = hash === -1 ? undefined : resource.slice(hash + 1);
    if (!name.startsWith('secret:') || name.length <= 7 || jsonKey === '') {
      return undefined;
    }
    const arn = text.trim();
    return {
      variable,
      field,
      service,
      region,
      arn: hash === -1 ? arn : arn.slice(0, arn.lastIndexOf('#')),
      jsonKey,
      parameterName: undefined,
    };
  }
  if (!resource.startsWith('parameter/') || resource.length <= 10) {
    return undefined;
  }
  const path = resource.slice('parameter/'.length);
  return {
    variable,
    field,
    service,
    region,
    arn: text.trim(),
    jsonKey: undefined,
    parameterName: path.includes('/') ? `/${path}` : path,
  };
}
