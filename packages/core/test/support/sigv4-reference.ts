import { createHash, createHmac } from 'node:crypto';

// The example credentials of AWS's Signature Version 4 test suite.
export const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

export const sha256Hex = (data: string | Buffer) =>
  createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();

/** The signature the spec defines for a canonical request (tasks 2 to 4). */
export function signatureOf(opts: {
  canonicalRequest: string;
  amzDate: string;
  region: string;
  service: string;
}): string {
  const day = opts.amzDate.slice(0, 8);
  const scope = `${day}/${opts.region}/${opts.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    opts.amzDate,
    scope,
    sha256Hex(opts.canonicalRequest),
  ].join('\n');
  let key = hmac(`AWS4${CREDENTIALS.secretAccessKey}`, day);
  for (const part of [opts.region, opts.service, 'aws4_request']) {
    key = hmac(key, part);
  }
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}
