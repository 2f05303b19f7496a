import {
  type ContractReply,
  type ContractSubject,
  describeDestinationContract,
} from '@logdrain/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { parseS3Config } from '../src/config.js';
import { createS3Destination } from '../src/destination.js';
import {
  FAKE_CREDENTIALS,
  type MotoBucket,
  REGION,
  startMotoBucket,
} from './moto-bucket.js';

// The destination reads these, as it reads the function role's variables
// in Lambda.
Object.assign(process.env, FAKE_CREDENTIALS);

const BUCKET = 'logdrain-contract';

/** S3's error codes for the statuses the suite injects. */
const CODES: Readonly<Record<number, string>> = {
  400: 'InvalidRequest',
  401: 'Unauthorized',
  403: 'AccessDenied',
  429: 'SlowDown',
  500: 'InternalError',
  502: 'BadGateway',
  503: 'SlowDown',
  504: 'GatewayTimeout',
};

/** Injected answers shaped like S3's own: an XML error document. */
function s3ErrorReply(status: number): ContractReply {
  const code = CODES[status] ?? 'InternalError';
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>contract: injected ${status}</Message><RequestId>contract</RequestId></Error>`,
  };
}

// moto is the real server: every check reads the records back from the
// bucket (listed, fetched, gunzipped, parsed). The suite's fault proxy sits
// between the destination and moto (plain HTTP, so it counts requests and
// answers in moto's place).
const subject: ContractSubject<MotoBucket> = {
  name: 's3',
  startServer: () => startMotoBucket({ bucket: BUCKET }),
  createDestination: ({ endpoint }) =>
    createS3Destination(
      parseS3Config({
        LOGDRAIN_S3_BUCKET: BUCKET,
        LOGDRAIN_S3_ENDPOINT: endpoint,
        AWS_REGION: REGION,
      })
    ),
  duplicates: {
    prevented: true,
    how: 'the object key ends in a SHA-256 of the batch content and is dated by its first record, so a batch replayed after a lost response overwrites the object it wrote',
  },
  partialFailure: {
    supported: false,
    why: 'one PutObject stores the whole object or nothing: there are no per-record failures to report',
  },
  faultReply: s3ErrorReply,
  config: {
    parse: parseS3Config,
    validEnv: { LOGDRAIN_S3_BUCKET: 'my-logs', AWS_REGION: 'eu-west-1' },
    required: ['LOGDRAIN_S3_BUCKET'],
    malformed: [
      { variable: 'LOGDRAIN_S3_BUCKET', value: 's3://my-logs/prefix' },
      { variable: 'LOGDRAIN_S3_BUCKET', value: 'My_Logs' },
      { variable: 'LOGDRAIN_S3_PREFIX', value: 'logs/{yyyy}/{timestamp}.gz' },
      { variable: 'LOGDRAIN_S3_PREFIX', value: 'logs/{date}/{hash}' },
      { variable: 'LOGDRAIN_S3_KMS_KEY_ID', value: 'my key' },
      { variable: 'LOGDRAIN_S3_ENDPOINT', value: 'not a url' },
      {
        variable: 'LOGDRAIN_S3_ENDPOINT',
        value: 'http://minio.internal:9000',
      },
    ],
  },
};

describeDestinationContract(subject, { describe, it, beforeAll, afterAll });
