import { SecretValue } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';

/** A secret kept in Secrets Manager, optionally one field of a JSON secret. */
export interface SecretReference {
  readonly secret: ISecret;
  /** The JSON key holding the value; the whole secret string when unset. */
  readonly jsonField?: string;
}

/**
 * A secret setting: a Secrets Manager reference (preferred), a CDK
 * SecretValue, or plain text (lands in the template: avoid).
 */
export type SecretInput = string | SecretValue | SecretReference;

/** What a secret setting adds to a function. */
export interface SecretEnvironment {
  readonly environment: Readonly<Record<string, string>>;
  readonly statements: readonly PolicyStatement[];
}

function isReference(input: SecretInput): input is SecretReference {
  return typeof input === 'object' && 'secret' in input;
}

/**
 * The value CloudFormation puts into the variable: plain text as is, a
 * secret as a `{{resolve:secretsmanager:…}}` dynamic reference resolved at
 * deploy time (the function then needs no permission to read it).
 *
 * @example
 * secretText({ secret, jsonField: 'token' }); // → '{{resolve:secretsmanager:…:SecretString:token::}}'
 */
export function secretText(input: SecretInput): string {
  if (typeof input === 'string') return input;
  if (SecretValue.isSecretValue(input)) return input.unsafeUnwrap();
  const value =
    input.jsonField === undefined
      ? input.secret.secretValue
      : input.secret.secretValueFromJson(input.jsonField);
  return value.unsafeUnwrap();
}

/**
 * The variables for one secret setting. When the layer reads `<variable>_ARN`
 * itself (`arnSupported`) and the input is a whole Secrets Manager secret,
 * the function gets the ARN and exactly `secretsmanager:GetSecretValue` on
 * that secret (plus `kms:Decrypt` on its key when it has one); otherwise
 * the value is resolved at deploy time into `<variable>`.
 *
 * @example
 * secretEnvironment({ variable: 'LOGDRAIN_ES_API_KEY', input: { secret }, arnSupported: false });
 */
export function secretEnvironment(opts: {
  readonly variable: string;
  readonly input: SecretInput;
  readonly arnSupported: boolean;
}): SecretEnvironment {
  const { input, variable } = opts;
  if (
    !opts.arnSupported ||
    !isReference(input) ||
    input.jsonField !== undefined
  ) {
    return { environment: { [variable]: secretText(input) }, statements: [] };
  }
  const statements = [
    new PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [input.secret.secretArn],
    }),
  ];
  const key = input.secret.encryptionKey;
  if (key !== undefined) {
    statements.push(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [key.keyArn],
      })
    );
  }
  return {
    environment: { [`${variable}_ARN`]: input.secret.secretArn },
    statements,
  };
}
