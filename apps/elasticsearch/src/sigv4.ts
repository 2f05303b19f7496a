/** AWS credentials, as the SDK's providers return them. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** A request as SigV4 signs it; `body` exactly as sent (gzip bytes). */
export interface SignableRequest {
  readonly method: string;
  /** `https:` or `http:` */
  readonly protocol: string;
  readonly hostname: string;
  readonly port?: number | undefined;
  /** The path without the query, e.g. `/logs-aws.lambda-default/_bulk`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** Lowercase names; `host` is added from hostname and port when absent. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string;
}

/** Returns the request's headers plus `authorization` and `x-amz-*`. */
export type RequestSigner = (
  request: SignableRequest,
  opts?: { readonly signingDate?: Date }
) => Promise<Record<string, string>>;

export interface SigV4Options {
  /** `es` for Amazon OpenSearch Service, `aoss` for OpenSearch Serverless. */
  readonly service: string;
  readonly region: string;
  /** Default: the AWS SDK's default chain (the function's role in Lambda). */
  readonly credentials?: AwsCredentials | (() => Promise<AwsCredentials>);
  /**
   * Send and sign `x-amz-content-sha256` (default true: OpenSearch
   * Serverless requires it; the managed service accepts it).
   */
  readonly applyChecksum?: boolean;
}

/**
 * Signs requests with AWS Signature Version 4 (@smithy/signature-v4 with a
 * pure-JS SHA-256). The SDK modules load here, so call it after
 * registration, and only when LOGDRAIN_ES_AUTH=sigv4.
 *
 * @example
 * const sign = await createSigV4Signer({ service: 'es', region: 'eu-west-1' });
 * const headers = await sign({ method: 'POST', protocol: 'https:', hostname: 'search-x.eu-west-1.es.amazonaws.com', path: '/_bulk', headers: {}, body });
 */
export async function createSigV4Signer(
  opts: SigV4Options
): Promise<RequestSigner> {
  const [{ SignatureV4 }, { Sha256 }] = await Promise.all([
    import('@smithy/signature-v4'),
    import('@aws-crypto/sha256-js'),
  ]);
  const credentials =
    opts.credentials ??
    (await import('@aws-sdk/credential-provider-node')).defaultProvider();
  const signer = new SignatureV4({
    service: opts.service,
    region: opts.region,
    credentials,
    sha256: Sha256,
    applyChecksum: opts.applyChecksum ?? true,
  });
  return async (request, signOpts = {}) => {
    const host =
      request.port === undefined
        ? request.hostname
        : `${request.hostname}:${request.port}`;
    const signed = await signer.sign(
      {
        method: request.method,
        protocol: request.protocol,
        hostname: request.hostname,
        ...(request.port === undefined ? {} : { port: request.port }),
        path: request.path,
        query: { ...request.query },
        headers: { host, ...request.headers },
        body: request.body,
      },
      signOpts.signingDate === undefined
        ? {}
        : { signingDate: signOpts.signingDate }
    );
    return { ...(signed.headers as Record<string, string>) };
  };
}
