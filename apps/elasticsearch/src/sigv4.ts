import {
  type AwsCredentials,
  createSigV4Signer as createCoreSigner,
  type RequestSigner,
  requireAwsCredentials,
  type SigV4Options,
} from '@logdrain/core';

export type { AwsCredentials, RequestSigner };

/**
 * Signs requests to Amazon OpenSearch Service (`es`) or OpenSearch
 * Serverless (`aoss`, which requires `x-amz-content-sha256`: sent by
 * default) with core's SigV4 signer, on node:crypto. Without `credentials`
 * it uses the function role's, from the environment Lambda gives
 * extensions (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN);
 * a ConfigError when they are not there.
 *
 * @example
 * const sign = await createSigV4Signer({ service: 'es', region: 'eu-west-1' });
 */
export async function createSigV4Signer(
  opts: Omit<SigV4Options, 'credentials'> & {
    readonly credentials?: AwsCredentials;
  }
): Promise<RequestSigner> {
  const credentials =
    opts.credentials ??
    requireAwsCredentials(process.env, 'with LOGDRAIN_ES_AUTH=sigv4');
  return createCoreSigner({ ...opts, credentials });
}
