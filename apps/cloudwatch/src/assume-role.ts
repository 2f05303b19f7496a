import {
  type AwsCredentials,
  awsEndpoint,
  awsErrorOf,
  createAwsClient,
  xmlText,
} from '@logdrain/core';
import type { AwsFailure } from './classify-error.js';

/** The role's credentials, or how STS failed to give them. */
export type Assumed =
  | { readonly ok: true; readonly credentials: AwsCredentials }
  | { readonly ok: false; readonly failure: AwsFailure };

/** A role's temporary credentials, cached until near expiry. */
export interface AssumedRole {
  /**
   * Cached credentials, else fresh ones from STS (one call at a time).
   * `signal` ends this wait only, as a failure: the call to STS goes on
   * for whoever else waits on it.
   */
  current(signal?: AbortSignal): Promise<Assumed>;
  /** The same for a signer: a failure rejects, naming the role and STS's error. */
  readonly credentials: () => Promise<AwsCredentials>;
  close(): Promise<void>;
}

// Refresh well before expiry: a send may run for a while with them.
const REFRESH_BEFORE_MS = 5 * 60 * 1_000;
const SESSION_SECONDS = 3_600;
const CONNECT_TIMEOUT_MS = 2_000;
const STS_TIMEOUT_MS = 3_000;
/** An AssumeRole answer is a few KB; a bigger one is cut here. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * Assumes `roleArn` with the function's own credentials (STS AssumeRole,
 * the Query protocol: a signed form POST answered in XML) at the regional
 * STS endpoint unless `endpoint` is given, for delivery to a log group in
 * another account. A failure is handed back as STS answered it (or as
 * the error of a request that got no answer); the next call asks STS
 * again.
 *
 * @example
 * const role = await assumeRole({ roleArn, region: 'eu-west-1', sessionName: 'logdrain-fn', endpoint: undefined, credentials });
 */
export async function assumeRole(opts: {
  readonly roleArn: string;
  readonly region: string;
  readonly sessionName: string;
  readonly endpoint: string | undefined;
  /** The function's own, which may assume the role. */
  readonly credentials: AwsCredentials;
  readonly nowMs?: () => number;
}): Promise<AssumedRole> {
  const nowMs = opts.nowMs ?? Date.now;
  const sts = await createAwsClient({
    endpoint: opts.endpoint ?? awsEndpoint('sts', opts.region),
    service: 'sts',
    region: opts.region,
    credentials: opts.credentials,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    timeoutMs: STS_TIMEOUT_MS,
    maxAnswerBytes: MAX_ANSWER_BYTES,
  });
  const form = new URLSearchParams({
    Action: 'AssumeRole',
    Version: '2011-06-15',
    RoleArn: opts.roleArn,
    RoleSessionName: sessionNameOf(opts.sessionName),
    DurationSeconds: String(SESSION_SECONDS),
  }).toString();
  let cached: { credentials: AwsCredentials; expiresMs: number } | undefined;
  let pending: Promise<Assumed> | undefined;
  const fetchCredentials = async (): Promise<Assumed> => {
    let answer: Awaited<ReturnType<typeof sts.send>>;
    try {
      answer = await sts.send({
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        },
        body: Buffer.from(form),
      });
    } catch (error) {
      return { ok: false, failure: { error } };
    }
    if (answer.status < 200 || answer.status >= 300) {
      return { ok: false, failure: { answer, ...awsErrorOf(answer) } };
    }
    const accessKeyId = xmlText(answer.text, 'AccessKeyId');
    const secretAccessKey = xmlText(answer.text, 'SecretAccessKey');
    // AssumeRole's credentials always carry a session token: keys without
    // one would be refused at every send while cached.
    const sessionToken = xmlText(answer.text, 'SessionToken');
    if (accessKeyId === '' || secretAccessKey === '' || sessionToken === '') {
      const error = new Error('the answer holds no credentials');
      return { ok: false, failure: { error } };
    }
    // Expiration is in STS's clock: its distance from the answer's Date
    // is the session's length, whatever this clock says.
    const lastsMs =
      Date.parse(xmlText(answer.text, 'Expiration')) -
      Date.parse(answer.headers.date ?? '');
    cached = {
      credentials: { accessKeyId, secretAccessKey, sessionToken },
      expiresMs:
        nowMs() + (Number.isNaN(lastsMs) ? SESSION_SECONDS * 1_000 : lastsMs),
    };
    return { ok: true, credentials: cached.credentials };
  };
  const current = async (signal?: AbortSignal): Promise<Assumed> => {
    if (
      cached !== undefined &&
      cached.expiresMs - REFRESH_BEFORE_MS > nowMs()
    ) {
      return { ok: true, credentials: cached.credentials };
    }
    pending ??= fetchCredentials().finally(() => {
      pending = undefined;
    });
    return signal === undefined ? pending : untilAborted(pending, signal);
  };
  return {
    current,
    async credentials() {
      const assumed = await current();
      if (assumed.ok) return assumed.credentials;
      const { failure } = assumed;
      const why =
        'answer' in failure
          ? `HTTP ${failure.answer.status} ${failure.code}: ${failure.message}`
          : (failure.error as Error).message;
      throw new Error(`AssumeRole ${opts.roleArn}: ${why}`);
    },
    close: () => sts.close(),
  };
}

/**
 * `pending`'s result (its rejection as a failure), or a failure naming the
 * abort when `signal` fires first.
 */
function untilAborted(
  pending: Promise<Assumed>,
  signal: AbortSignal
): Promise<Assumed> {
  const aborted = (): Assumed => ({
    ok: false,
    failure: { error: signal.reason },
  });
  if (signal.aborted) return Promise.resolve(aborted());
  return new Promise((resolve) => {
    const onAbort = () => resolve(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = (assumed: Assumed) => {
      signal.removeEventListener('abort', onAbort);
      resolve(assumed);
    };
    void pending.then(settle, (error: unknown) =>
      settle({ ok: false, failure: { error } })
    );
  });
}

/** 2-64 characters of letters, digits and + = , . @ _ - */
function sessionNameOf(name: string): string {
  const clean = name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return clean.length >= 2 ? clean : 'logdrain';
}
