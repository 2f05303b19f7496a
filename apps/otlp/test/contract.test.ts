import {
  type ContractServer,
  type ContractStoredRecord,
  type ContractSubject,
  describeDestinationContract,
  startOtelCollector,
} from '@logdrain/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { parseOtlpConfig } from '../src/config.js';
import { createOtlpDestination } from '../src/destination.js';
import {
  flattenLogs,
  readCompleteLogs,
  type StoredLog,
} from './collector-records.js';

/**
 * The real OpenTelemetry Collector (OTLP/HTTP receiver → file exporter),
 * read back from its JSON-lines output. It cannot forget what it stored:
 * the suite finds its own records by their tag.
 */
async function startCollectorServer(): Promise<ContractServer> {
  const collector = await startOtelCollector();
  return {
    endpoint: `${collector.url}/v1/logs`,
    async readRecords() {
      return flattenLogs(await readCompleteLogs(collector.logsFile)).map(
        toStored
      );
    },
    async reset() {},
    stop: () => collector.stop(),
  };
}

/**
 * A stored log record as the event it came from: the body is the message;
 * a structured record is rebuilt from the lifted fields and its attributes.
 */
function toStored(log: StoredLog): ContractStoredRecord {
  const message =
    typeof log.body === 'string' ? log.body : JSON.stringify(log.body);
  const { 'faas.invocation_id': requestId, ...custom } = log.attributes;
  if (Object.keys(custom).length === 0 || message.startsWith('{')) {
    return { message };
  }
  const ms = Number(BigInt(log.timeUnixNano ?? '0') / 1_000_000n);
  return {
    message,
    record: {
      timestamp: new Date(ms).toISOString(),
      level: log.severityText,
      requestId,
      message: log.body,
      ...custom,
    },
  };
}

for (const protocol of ['http/protobuf', 'http/json'] as const) {
  const subject: ContractSubject = {
    name: 'otlp',
    startServer: startCollectorServer,
    createDestination: ({ endpoint }) =>
      createOtlpDestination(
        parseOtlpConfig({
          OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: endpoint,
          OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        })
      ),
    duplicates: {
      prevented: false,
      why: 'OTLP has no idempotency key or record id: a batch replayed after a lost answer is stored twice by the Collector',
    },
    partialFailure: {
      supported: false,
      why: 'the Collector takes every well-formed record; OTLP partial success gives a count, not which records, and is counted as rejected (see test/destination.test.ts)',
    },
    config: {
      parse: parseOtlpConfig,
      validEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example.com' },
      required: ['OTEL_EXPORTER_OTLP_ENDPOINT'],
      malformed: [
        { variable: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'not a url' },
        { variable: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'ftp://x.example' },
        { variable: 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', value: 'nope' },
        { variable: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'grpc' },
        { variable: 'OTEL_EXPORTER_OTLP_HEADERS', value: 'authorization' },
        {
          variable: 'OTEL_EXPORTER_OTLP_CERTIFICATE',
          value: '/nonexistent/ca.pem',
        },
      ],
    },
  };

  describe(`OTLP over ${protocol}`, () => {
    describeDestinationContract(subject, { describe, it, beforeAll, afterAll });
  });
}
