import { generate } from 'selfsigned';

/** A PEM key and certificate valid for localhost, 127.0.0.1 and ::1. */
export interface SelfSignedCert {
  readonly key: string;
  readonly cert: string;
}

/**
 * Makes a fresh self-signed certificate (EC P-256, SHA-256, one day) for a
 * loopback test server. Clients trust it by passing `cert` as their CA.
 *
 * @example
 * const { key, cert } = await createSelfSignedCert();
 */
export async function createSelfSignedCert(): Promise<SelfSignedCert> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 86_400_000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
