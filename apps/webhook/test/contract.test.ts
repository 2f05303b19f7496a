import {
  type ContractSubject,
  describeDestinationContract,
  type ReceiverContractServer,
  startReceiverContractServer,
} from '@logdrain/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { parseWebhookConfig } from '../src/config.js';
import { createWebhookDestination } from '../src/destination.js';

const subject: ContractSubject<ReceiverContractServer> = {
  name: 'webhook',
  startServer: () => startReceiverContractServer(),
  createDestination: ({ endpoint, server }) =>
    createWebhookDestination({
      url: endpoint,
      headers: {},
      secret: 'contract-secret',
      format: 'json',
      compression: 'gzip',
      ca: server.receiver.ca,
      timeoutMs: 5_000,
      warnings: [],
    }),
  duplicates: {
    prevented: false,
    why: 'the receiver decides: a replayed batch carries the same X-Logdrain-Batch-Id, so a receiver can drop it',
  },
  partialFailure: {
    supported: false,
    why: 'a webhook answers one status for the whole request',
  },
  config: {
    parse: parseWebhookConfig,
    validEnv: { LOGDRAIN_WEBHOOK_URL: 'https://logs.example.com/in' },
    required: ['LOGDRAIN_WEBHOOK_URL'],
    malformed: [
      { variable: 'LOGDRAIN_WEBHOOK_URL', value: 'not a url' },
      { variable: 'LOGDRAIN_WEBHOOK_URL', value: 'http://logs.example.com/in' },
      { variable: 'LOGDRAIN_WEBHOOK_URL', value: 'ftp://logs.example.com/in' },
      { variable: 'LOGDRAIN_WEBHOOK_HEADERS', value: 'authorization' },
      { variable: 'LOGDRAIN_WEBHOOK_CA_FILE', value: '/nonexistent/ca.pem' },
      {
        variable: 'LOGDRAIN_WEBHOOK_SECRET_ARN',
        value: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook',
      },
    ],
  },
};

describeDestinationContract(subject, { describe, it, beforeAll, afterAll });
