import {
  awsEndpoint,
  type Destination,
  type Env,
  type FunctionContext,
  type LogEvent,
  type Logger,
  requireAwsCredentials,
  type SendOutcome,
} from '@logdrain/core';
import { assumeRole } from './assume-role.js';
import {
  type AwsFailure,
  awsErrorName,
  type FailedOutcome,
  outcomeFromAwsFailure,
} from './classify-error.js';
import type { CloudwatchConfig } from './config.js';
import { createStream } from './create-stream.js';
import { CLOUDWATCH_LIMITS } from './limits.js';
import { createLogsApi } from './logs-api.js';
import { planPutCalls } from './put-chunks.js';
import {
  describeRefusals,
  type RefusalCounts,
  type RejectedInfo,
  rejectedIndices,
} from './rejected-events.js';
import { expandStreamName } from './stream-name.js';

export interface CloudwatchDestinationOptions {
  /** The function as the extension sees it: names the log stream. */
  readonly context: FunctionContext;
  readonly log: Logger;
  /** Clock for the stream name's date and the refused-event window. */
  readonly nowMs?: () => number;
  /** Where the function's credentials are read; default process.env. */
  readonly env?: Env;
}

/**
 * The CloudWatch Logs destination: PutLogEvents to one log group and a
 * stream named from the template, creating both when missing (unless
 * `create` is false), through an assumed role when `roleArn` is set.
 * Requests are SigV4-signed with the function's credentials (or the
 * role's) on core's keep-alive pool; no AWS SDK. A ConfigError when the
 * credentials are not in the environment.
 *
 * @example
 * const destination = await createCloudwatchDestination(config, { context, log });
 */
export async function createCloudwatchDestination(
  config: CloudwatchConfig,
  opts: CloudwatchDestinationOptions
): Promise<Destination> {
  const own = requireAwsCredentials(opts.env ?? process.env);
  const nowMs = opts.nowMs ?? Date.now;
  const role =
    config.roleArn === undefined
      ? undefined
      : await assumeRole({
          roleArn: config.roleArn,
          region: config.region,
          sessionName: `logdrain-${opts.context.functionName}`,
          endpoint: config.stsEndpoint,
          credentials: own,
        });
  const logs = await createLogsApi({
    endpoint: config.endpoint ?? awsEndpoint('logs', config.region),
    region: config.region,
    credentials: role?.credentials ?? own,
  });
  const logGroupName = config.logGroup;
  const logStreamName = expandStreamName({
    template: config.logStreamTemplate,
    context: opts.context,
    startMs: nowMs(),
  });
  // Without `create` the stream is taken to exist.
  let streamReady = !config.create;

  const putFailure = (
    failure: AwsFailure,
    signal: AbortSignal
  ): FailedOutcome => {
    if (awsErrorName(failure) !== 'ResourceNotFoundException') {
      return outcomeFromAwsFailure({
        failure,
        signal,
        action: 'PutLogEvents',
        nowMs: nowMs(),
      });
    }
    const target = `log group ${logGroupName} or its stream ${logStreamName}`;
    if (!config.create) {
      return {
        status: 'rejected',
        reason: `PutLogEvents: the ${target} does not exist and LOGDRAIN_CLOUDWATCH_CREATE is false`,
      };
    }
    // Deleted since it was created: create it again on the next attempt.
    streamReady = false;
    return {
      status: 'retry',
      reason: `PutLogEvents: the ${target} no longer exists; the next attempt creates it`,
      retryAfterMs: 0,
    };
  };

  return {
    name: 'cloudwatch',
    limits: CLOUDWATCH_LIMITS,
    async send(batch, ctx): Promise<SendOutcome> {
      const assumed = await role?.current(ctx.signal);
      if (assumed?.ok === false) {
        return outcomeFromAwsFailure({
          failure: assumed.failure,
          signal: ctx.signal,
          action: `AssumeRole ${config.roleArn}`,
          nowMs: nowMs(),
        });
      }
      if (!streamReady) {
        const failed = await createStream({
          logs,
          logGroupName,
          logStreamName,
          signal: ctx.signal,
          log: ctx.log,
        });
        if (failed !== undefined) return failed;
        streamReady = true;
      }
      const chunks = planPutCalls({
        batch,
        format: config.format,
        logGroupName,
        logStreamName,
      });
      const refused: LogEvent[] = [];
      let counts: RefusalCounts = { tooOld: 0, expired: 0, tooNew: 0 };
      const refusals = () =>
        refused.length === 0
          ? []
          : [
              describeRefusals({
                refused: refused.length,
                sent: batch.length,
                counts,
              }),
            ];
      for (const [n, chunk] of chunks.entries()) {
        const result = await logs.call('PutLogEvents', chunk.body, ctx.signal);
        if (!result.ok) {
          const outcome = putFailure(result.failure, ctx.signal);
          const unsent = chunks.slice(n).flatMap((c) => c.events);
          if (outcome.status === 'rejected') {
            // The same answer awaits the rest (access, validation): stop.
            const reason = [...refusals(), outcome.reason].join('; ');
            return { ...outcome, reason, remaining: [...refused, ...unsent] };
          }
          // Refused events go back too: the next attempt refuses and counts them.
          if (refused.length === 0 && n === 0) return outcome;
          return { ...outcome, remaining: [...refused, ...unsent] };
        }
        const info = result.json.rejectedLogEventsInfo as
          | RejectedInfo
          | undefined;
        if (info === undefined) continue;
        const found = rejectedIndices({
          info,
          timestamps: chunk.timestamps,
          nowMs: nowMs(),
        });
        for (const i of found.indices) {
          const event = chunk.events[i];
          if (event !== undefined) refused.push(event);
        }
        counts = {
          tooOld: counts.tooOld + found.counts.tooOld,
          expired: counts.expired + found.counts.expired,
          tooNew: counts.tooNew + found.counts.tooNew,
        };
      }
      if (refused.length === 0) return { status: 'delivered' };
      return {
        status: 'rejected',
        reason: refusals().join(''),
        remaining: refused,
      };
    },
    async close() {
      await Promise.all([logs.close(), role?.close()]);
    },
  };
}
