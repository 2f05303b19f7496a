/** Credentials as the AWS SDK takes them. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

export interface AssumedRole {
  /** A credentials provider for an SDK client; cached until near expiry. */
  readonly credentials: () => Promise<TemporaryCredentials>;
  close(): void;
}

// Refresh well before expiry: a send may run for a while with them.
const REFRESH_BEFORE_MS = 5 * 60 * 1_000;
const SESSION_SECONDS = 3_600;
const STS_TIMEOUT_MS = 3_000;

/**
 * Assumes `roleArn` with the function's own credentials (STS AssumeRole),
 * for delivery to a log group in another account. @aws-sdk/client-sts is
 * imported here, after registration. Failures surface as the SDK error of
 * the PutLogEvents call that needed the credentials.
 *
 * @example
 * const role = await assumeRole({ roleArn, region: 'eu-west-1', sessionName: 'logdrain-fn', endpoint: undefined });
 */
export async function assumeRole(opts: {
  readonly roleArn: string;
  readonly region: string;
  readonly sessionName: string;
  readonly endpoint: string | undefined;
  readonly nowMs?: () => number;
}): Promise<AssumedRole> {
  const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  const nowMs = opts.nowMs ?? Date.now;
  const sts = new STSClient({
    region: opts.region,
    maxAttempts: 1, // core retries the send that needed the credentials
    requestHandler: {
      connectionTimeout: 2_000,
      requestTimeout: STS_TIMEOUT_MS,
    },
    ...(opts.endpoint === undefined ? {} : { endpoint: opts.endpoint }),
  });
  let cached: TemporaryCredentials | undefined;
  let pending: Promise<TemporaryCredentials> | undefined;
  const fetchCredentials = async (): Promise<TemporaryCredentials> => {
    const answer = await sts.send(
      new AssumeRoleCommand({
        RoleArn: opts.roleArn,
        RoleSessionName: sessionNameOf(opts.sessionName),
        DurationSeconds: SESSION_SECONDS,
      })
    );
    const c = answer.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw new Error(`AssumeRole ${opts.roleArn} returned no credentials`);
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
  };
  return {
    async credentials() {
      const expiresMs =
        cached?.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
      if (cached !== undefined && expiresMs - REFRESH_BEFORE_MS > nowMs()) {
        return cached;
      }
      pending ??= fetchCredentials().finally(() => {
        pending = undefined;
      });
      cached = await pending;
      return cached;
    },
    close: () => sts.destroy(),
  };
}

/** 2-64 characters of letters, digits and + = , . @ _ - */
function sessionNameOf(name: string): string {
  const clean = name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return clean.length >= 2 ? clean : 'logdrain';
}
