import { describe, expect, it } from 'vitest';
import { AWS_REGION_PATTERN, awsEndpoint } from '../src/aws-endpoint.js';

const REGIONS = [
  'eu-west-1',
  'us-gov-west-1',
  'cn-north-1',
  'us-iso-east-1',
  'us-isob-east-1',
  'us-isof-south-1',
  'eu-isoe-west-1',
  'eusc-de-east-1',
];

describe('awsEndpoint', () => {
  it('names the regional endpoint in each partition', () => {
    expect(REGIONS.map((region) => awsEndpoint('logs', region))).toEqual([
      'https://logs.eu-west-1.amazonaws.com',
      'https://logs.us-gov-west-1.amazonaws.com',
      'https://logs.cn-north-1.amazonaws.com.cn',
      'https://logs.us-iso-east-1.c2s.ic.gov',
      'https://logs.us-isob-east-1.sc2s.sgov.gov',
      'https://logs.us-isof-south-1.csp.hci.ic.gov',
      'https://logs.eu-isoe-west-1.cloud.adc-e.uk',
      'https://logs.eusc-de-east-1.amazonaws.eu',
    ]);
  });
});

describe('AWS_REGION_PATTERN', () => {
  it('takes a region of every partition and refuses other names', () => {
    expect(REGIONS.filter((region) => AWS_REGION_PATTERN.test(region))).toEqual(
      REGIONS
    );
    expect(
      ['Ireland', 'eu-west', 'eu-west-123', 'auto', 'EU-WEST-1', ''].filter(
        (name) => AWS_REGION_PATTERN.test(name)
      )
    ).toEqual([]);
  });
});
