/**
 * DNS suffixes of the AWS partitions other than `aws` (whose suffix,
 * amazonaws.com, also serves us-gov-*), by region prefix, most specific
 * first, as the SDKs' partitions table lists them.
 */
const PARTITION_SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ['cn-', 'amazonaws.com.cn'],
  ['us-isob-', 'sc2s.sgov.gov'],
  ['us-isof-', 'csp.hci.ic.gov'],
  ['us-iso-', 'c2s.ic.gov'],
  ['eu-isoe-', 'cloud.adc-e.uk'],
  ['eusc-', 'amazonaws.eu'],
];

/**
 * The name of an AWS region in any partition: `eu-west-1`,
 * `us-gov-west-1`, `cn-north-1`, `us-isof-south-1`, `eu-isoe-west-1`,
 * `eusc-de-east-1`…
 *
 * @example
 * AWS_REGION_PATTERN.test('eusc-de-east-1'); // → true
 */
export const AWS_REGION_PATTERN = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

/**
 * The regional endpoint of an AWS service, `https://<service>.<region>.<suffix>`.
 *
 * @example
 * awsEndpoint('logs', 'cn-north-1'); // → 'https://logs.cn-north-1.amazonaws.com.cn'
 */
export function awsEndpoint(service: string, region: string): string {
  const suffix =
    PARTITION_SUFFIXES.find(([prefix]) => region.startsWith(prefix))?.[1] ??
    'amazonaws.com';
  return `https://${service}.${region}.${suffix}`;
}
