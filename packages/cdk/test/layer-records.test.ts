import { describe, expect, it } from 'vitest';
import { layerArnsByRegion, parseLayerRecords } from '../src/index.js';
import { layerArn, PUBLISHED } from './stack-fixture.js';

describe('parseLayerRecords', () => {
  it('reads the rows of a layers.json document', () => {
    const rows = parseLayerRecords({ schemaVersion: 1, layers: PUBLISHED });
    expect(rows).toEqual(PUBLISHED);
  });

  it('names the first malformed row and what is wrong with it', () => {
    const bad = [PUBLISHED[0], { ...PUBLISHED[1], architecture: 'arm' }];
    expect(() => parseLayerRecords(bad)).toThrow(
      'layers.json: row 1 has architecture "arm" (allowed: x86_64, arm64)'
    );
    expect(() => parseLayerRecords({ layers: 'none' })).toThrow(
      'layers.json: expected an array of rows'
    );
  });
});

describe('layerArnsByRegion', () => {
  it('picks the highest version per region, or the one asked for', () => {
    const rows = [
      ...PUBLISHED,
      {
        layer: 'logdrain-webhook',
        version: 5,
        region: 'eu-west-1',
        architecture: 'x86_64' as const,
        arn: 'arn:aws:lambda:x:1:layer:l:5',
        sha256: 'cd'.repeat(32),
      },
    ].filter((r) => r.layer === 'logdrain-webhook');
    const newest = layerArnsByRegion({
      records: rows,
      layer: 'logdrain-webhook',
      architecture: 'x86_64',
    });
    expect(newest).toEqual({
      'eu-west-1': 'arn:aws:lambda:x:1:layer:l:5',
      'us-east-1': layerArn('logdrain-webhook', 'us-east-1', 4),
    });
    const pinned = layerArnsByRegion({
      records: rows,
      layer: 'logdrain-webhook',
      architecture: 'arm64',
      version: 3,
    });
    expect(pinned).toEqual({
      'eu-west-1': layerArn('logdrain-webhook', 'eu-west-1', 3),
      'us-east-1': layerArn('logdrain-webhook', 'us-east-1', 3),
    });
  });
});
