import { afterAll, beforeAll, describe, it } from 'vitest';
import { describeDestinationContract } from '../src/index.js';
import { fixtureSubject } from './fixtures/fixture-destinations.js';

// The suite as a destination's test file uses it: one vitest test per
// check, against a fixture destination that keeps the contract.
describeDestinationContract(fixtureSubject('none'), {
  describe,
  it,
  beforeAll,
  afterAll,
});
