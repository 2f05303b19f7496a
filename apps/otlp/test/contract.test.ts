import {
  type ContractSubject,
  describeDestinationContract,
  type ReceiverContractServer,
  startReceiverContractServer,
} from '@logdrain/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { parseOtlpConfig } from '../src/config.js';
import { createOtlpDestination } from '../src/destination.js';

// The contract every logdrain destination passes, run against a real HTTPS
// receiver (self-signed certificate) that stores what it is sent, with
// fault-injecting proxies in front of it. Once the destination speaks the
// service's API, start the real service here instead (CONTRIBUTING.md).
const subject: ContractSubject<ReceiverContractServer> = {
  name: 'otlp',
  startServer: () => startReceiverContractServer(),
  createDestination: ({ endpoint, server }) =>
    createOtlpDestination({
      url: endpoint,
      ca: server.receiver.ca,
      warnings: [],
    }),
  duplicates: {
    prevented: false,
    why: 'the receiver decides: a replayed batch carries the same Idempotency-Key header (a hash of the body), so a receiver can drop it',
  },
  partialFailure: {
    supported: false,
    why: 'the endpoint answers one status for the whole request',
  },
  config: {
    parse: parseOtlpConfig,
    validEnv: { LOGDRAIN_OTLP_URL: 'https://logs.example.com/in' },
    required: ['LOGDRAIN_OTLP_URL'],
    malformed: [
      { variable: 'LOGDRAIN_OTLP_URL', value: 'not a url' },
      {
        variable: 'LOGDRAIN_OTLP_URL',
        value: 'http://logs.example.com/in',
      },
      {
        variable: 'LOGDRAIN_OTLP_CA_FILE',
        value: '/nonexistent/ca.pem',
      },
    ],
  },
};

describeDestinationContract(subject, { describe, it, beforeAll, afterAll });
