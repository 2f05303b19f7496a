import type {
  Destination,
  FunctionContext,
  LogEvent,
  Logger,
  SendOutcome,
} from '@logdrain/core';
import { assumeRole } from './assume-role.js';
import {
  awsErrorName,
  type FailedOutcome,
  outcomeFromSdkError,
} from './classify-error.js';
import type { CloudwatchConfig } from './config.js';
import { createStream } from './create-stream.js';
import { CLOUDWATCH_LIMITS } from './limits.js';
import { planPutCalls } from './put-chunks.js';
import {
  describeRefusals,
  type RefusalCounts,
  rejectedIndices,
} from './rejected-events.js';
import { expandStreamName } from './stream-name.js';

export interface CloudwatchDestinationOptions {
  /** The function as the extension sees it: names the log stream. */
  readonly context: FunctionContext;
  readonly log: Logger;
  /** Clock for the stream name's date and the refused-event window. */
  readonly nowMs?: () => number;
}

/**
 * The CloudWatch Logs destination: PutLogEvents to one log group and a
 * stream named from the template, creating both when missing (unless
 * `create` is false), through an assumed role when `roleArn` is set.
 * The SDK loads here, after registration.
 *
 * @example
 * const destination = await createCloudwatchDestination(config, { context, log });
 */
export async function createCloudwatchDestination(
  config: CloudwatchConfig,
  opts: CloudwatchDestinationOptions
): Promise<Destination> {
  // The bundled SDK supports Node 20, but from 2027 its releases warn on
  // every start below Node 22: on stderr, so into the function's own logs.
  // This process is the extension's, not the function's.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const sdk = await import('@aws-sdk/client-cloudwatch-logs');
  const nowMs = opts.nowMs ?? Date.now;
  const role =
    config.roleArn === undefined
      ? undefined
      : await assumeRole({
          roleArn: config.roleArn,
          region: config.region,
          sessionName: `logdrain-${opts.context.functionName}`,
          endpoint: config.stsEndpoint,
        });
  const client = new sdk.CloudWatchLogsClient({
    region: config.region,
    maxAttempts: 1, // core retries, with backoff and the deadline
    requestHandler: { connectionTimeout: 2_000 },
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    ...(role === undefined ? {} : { credentials: role.credentials }),
  });
  const logGroupName = config.logGroup;
  const logStreamName = expandStreamName({
    template: config.logStreamTemplate,
    context: opts.context,
    startMs: nowMs(),
  });
  // Without `create` the stream is taken to exist.
  let streamReady = !config.create;

  const putFailure = (error: unknown, signal: AbortSignal): FailedOutcome => {
    if (awsErrorName(error) !== 'ResourceNotFoundException') {
      return outcomeFromSdkError({
        error,
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
      if (!streamReady) {
        const failed = await createStream({
          client,
          sdk,
          logGroupName,
          logStreamName,
          signal: ctx.signal,
          log: ctx.log,
        });
        if (failed !== undefined) return failed;
        streamReady = true;
      }
      const chunks = planPutCalls({ batch, format: config.format });
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
        let info: Parameters<typeof rejectedIndices>[0]['info'];
        try {
          const answer = await client.send(
            new sdk.PutLogEventsCommand({
              logGroupName,
              logStreamName,
              logEvents: [...chunk.inputs],
            }),
            { abortSignal: ctx.signal }
          );
          info = answer.rejectedLogEventsInfo;
        } catch (error) {
          const outcome = putFailure(error, ctx.signal);
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
        if (info === undefined) continue;
        const found = rejectedIndices({
          info,
          timestamps: chunk.inputs.map((input) => input.timestamp),
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
      client.destroy();
      role?.close();
    },
  };
}
