import type { PolicyStatement } from 'aws-cdk-lib/aws-iam';

/** What one destination adds to every function it is attached to. */
export interface DestinationSetup {
  /** The layer's name, e.g. `logdrain-s3`. */
  readonly layerName: string;
  readonly environment: Readonly<Record<string, string>>;
  /** The least-privilege statements for the function's role. */
  readonly statements: readonly PolicyStatement[];
}

/** Variables with a value, as strings; unset options are left out. */
export function definedVariables(
  values: Readonly<Record<string, string | number | boolean | undefined>>
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) out[name] = String(value);
  }
  return out;
}
