import { motoAuthorization } from './moto.js';

/**
 * One AWS JSON 1.1 call to moto (Secrets Manager, SSM, …), routed by the
 * credential scope of {@link motoAuthorization}: what a test needs to put
 * a secret or parameter in place. Throws with the target, status and
 * answer on a non-2xx.
 *
 * @example
 * await motoJsonCall(moto.url, { service: 'ssm', target: 'AmazonSSM.PutParameter', body: { Name: '/p', Value: 'v', Type: 'SecureString' } });
 */
export async function motoJsonCall(
  url: string,
  call: {
    service: string;
    target: string;
    body: unknown;
    region?: string;
  }
): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: motoAuthorization({
        service: call.service,
        region: call.region,
      }),
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': call.target,
    },
    body: JSON.stringify(call.body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${call.target}: ${response.status} ${text}`);
  }
  return JSON.parse(text) as Record<string, unknown>;
}
