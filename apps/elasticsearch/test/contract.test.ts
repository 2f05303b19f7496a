import {
  type ContractSubject,
  describeDestinationContract,
} from '@logdrain/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { parseElasticsearchConfig } from '../src/config.js';
import { createElasticsearchDestination } from '../src/destination.js';
import {
  configFor,
  makeFailing,
  type SearchContractServer,
  startSearchContractServer,
} from './opensearch.js';

const INDEX = 'logdrain-contract';

// The contract every logdrain destination passes, against a real OpenSearch
// node (plain HTTP on 127.0.0.1) with the suite's fault proxy in front.
const subject: ContractSubject<SearchContractServer> = {
  name: 'elasticsearch',
  startServer: () => startSearchContractServer(INDEX),
  createDestination: ({ endpoint }) =>
    createElasticsearchDestination(configFor(endpoint, { index: INDEX })),
  duplicates: {
    prevented: true,
    how: 'each document is a _bulk create with an _id hashed from its content; a replay answers 409, counted as delivered',
  },
  partialFailure: {
    supported: true,
    // The index maps aws.lambda.log.planted as long: a JSON log line with
    // a string there is refused with a mapping error, the others indexed.
    makeFailing,
  },
  config: {
    parse: parseElasticsearchConfig,
    validEnv: { LOGDRAIN_ES_URL: 'https://search.example.com:9200' },
    required: ['LOGDRAIN_ES_URL'],
    malformed: [
      { variable: 'LOGDRAIN_ES_URL', value: 'not a url' },
      { variable: 'LOGDRAIN_ES_URL', value: 'http://search.example.com' },
      { variable: 'LOGDRAIN_ES_INDEX', value: 'Logs With Spaces' },
      { variable: 'LOGDRAIN_ES_AUTH', value: 'kerberos' },
      { variable: 'LOGDRAIN_ES_CA_FILE', value: '/nonexistent/ca.pem' },
      {
        variable: 'LOGDRAIN_ES_API_KEY_ARN',
        value: 'arn:aws:secretsmanager:eu-west-1:123456789012:bucket/es',
      },
    ],
  },
};

describeDestinationContract(subject, { describe, it, beforeAll, afterAll });
