import type { Destination, LogEvent } from '@logdrain/core';
import {
  type ContractServer,
  type ContractSubject,
  describeDestinationContract,
  type MotoPeer,
  startMoto,
} from '@logdrain/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { parseCloudwatchConfig } from '../src/config.js';
import { createCloudwatchDestination } from '../src/destination.js';
import { CONTEXT, silentLogger, testConfig } from './helpers.js';
import { directClient, type LogsReader, readStream } from './moto-logs.js';

const LOG_GROUP = '/logdrain/contract';
const LOG_STREAM = 'contract';
const DAY_MS = 86_400_000;
// The suite's events are dated from 2026-01-20 09:00 UTC.
const SUITE_BASE_MS = Date.UTC(2026, 0, 20, 9, 0, 0);

interface MotoContractServer extends ContractServer {
  readonly moto: MotoPeer;
}

/** moto as the contract's server: the log stream read back as records. */
async function startMotoContractServer(): Promise<MotoContractServer> {
  const moto = await startMoto();
  const reader: LogsReader = directClient(moto.url);
  return {
    moto,
    endpoint: moto.url,
    async readRecords() {
      const events = await readStream(reader, LOG_GROUP, LOG_STREAM).catch(
        () => []
      );
      return events.map((event) => {
        const stored = JSON.parse(event.message) as {
          message: string;
          record?: unknown;
        };
        return { message: stored.message, record: stored.record };
      });
    },
    // Each check starts from an empty moto: the destination creates the
    // group and stream again, so creation is exercised by every check.
    reset: () => moto.reset(),
    async stop() {
      reader.destroy();
      await moto.stop();
    },
  };
}

/**
 * CloudWatch Logs (and moto) refuse events older than 14 days, and the
 * suite's events are fixed in January 2026: this moves every event by the
 * same offset to the present (spacing kept) before the real destination
 * sees it, and maps `remaining` back to the suite's own events.
 */
function redated(destination: Destination): Destination {
  const offsetMs = Date.now() - SUITE_BASE_MS;
  return {
    name: destination.name,
    limits: destination.limits,
    async send(batch, ctx) {
      const originals = new Map<LogEvent, LogEvent>();
      const moved = batch.map((event) => {
        const timeMs = event.timeMs + offsetMs;
        const copy = { ...event, timeMs, time: new Date(timeMs).toISOString() };
        originals.set(copy, event);
        return copy;
      });
      const outcome = await destination.send(moved, ctx);
      if (outcome.status === 'delivered' || outcome.remaining === undefined) {
        return outcome;
      }
      const remaining = outcome.remaining.map((e) => originals.get(e) ?? e);
      return { ...outcome, remaining };
    },
    close: () => destination.close?.() ?? Promise.resolve(),
  };
}

const AWS_ERRORS: Record<number, string> = {
  400: 'InvalidParameterException',
  401: 'UnrecognizedClientException',
  403: 'AccessDeniedException',
  429: 'ThrottlingException',
};

const subject: ContractSubject<MotoContractServer> = {
  name: 'cloudwatch',
  startServer: startMotoContractServer,
  async createDestination({ endpoint }) {
    const destination = await createCloudwatchDestination(
      testConfig(endpoint, {
        logGroup: LOG_GROUP,
        logStreamTemplate: LOG_STREAM,
      }),
      { context: CONTEXT, log: silentLogger }
    );
    return redated(destination);
  },
  // CreateLogStream, CreateLogGroup, CreateLogStream on a fresh moto, then
  // one PutLogEvents per 24 hours the batch spans (the partial-failure
  // batch spans 15 days: two).
  requestsPerSend: 5,
  duplicates: {
    prevented: false,
    why: 'PutLogEvents takes no idempotency key or event id, so a call whose answer was lost may have been stored, and its replay is stored again (the sequence tokens that once refused a replay with DataAlreadyAcceptedException have been ignored since January 2023)',
  },
  partialFailure: {
    supported: true,
    // 15 days before the rest: CloudWatch refuses it, takes the others.
    makeFailing: (event) => ({
      ...event,
      timeMs: event.timeMs - 15 * DAY_MS,
      time: new Date(event.timeMs - 15 * DAY_MS).toISOString(),
    }),
  },
  // Injected answers look like CloudWatch Logs' own (AWS JSON 1.1 errors).
  faultReply: (status) => ({
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify({
      __type:
        AWS_ERRORS[status] ??
        (status >= 500 ? 'ServiceUnavailableException' : 'UnknownError'),
      message: `contract: injected ${status}`,
    }),
  }),
  config: {
    parse: parseCloudwatchConfig,
    validEnv: {
      LOGDRAIN_CLOUDWATCH_LOG_GROUP: '/logdrain/app',
      LOGDRAIN_CLOUDWATCH_REGION: 'eu-west-1',
    },
    required: ['LOGDRAIN_CLOUDWATCH_LOG_GROUP', 'LOGDRAIN_CLOUDWATCH_REGION'],
    malformed: [
      { variable: 'LOGDRAIN_CLOUDWATCH_LOG_GROUP', value: 'a:b' },
      { variable: 'LOGDRAIN_CLOUDWATCH_LOG_STREAM', value: '{host}' },
      { variable: 'LOGDRAIN_CLOUDWATCH_REGION', value: 'moon-1' },
      { variable: 'LOGDRAIN_CLOUDWATCH_ROLE_ARN', value: 'role/x' },
      { variable: 'LOGDRAIN_CLOUDWATCH_ENDPOINT', value: 'http://aws.example' },
    ],
  },
};

describeDestinationContract(subject, { describe, it, beforeAll, afterAll });
