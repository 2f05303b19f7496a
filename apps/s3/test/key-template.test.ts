import { describe, expect, it } from 'vitest';
import {
  checkKeyTemplate,
  DEFAULT_KEY_TEMPLATE,
  type KeyParts,
  keyTemplateFrom,
  renderKey,
} from '../src/key-template.js';

const PARTS: KeyParts = {
  functionName: 'orders',
  functionVersion: '$LATEST',
  region: 'eu-west-1',
  accountId: '123456789012',
  instanceId: '6e1bed3f-0efa-4284-a435-6fb2912e78e9',
  timeMs: Date.parse('2026-01-20T09:14:02.700Z'),
  hash: '3f2a9c0d1e2f3a4b5c6d7e8f90a1b2c3',
  ext: '.ndjson.gz',
};

describe('renderKey', () => {
  it('renders the default layout from the first record’s UTC time', () => {
    const key = renderKey({
      template: DEFAULT_KEY_TEMPLATE,
      partitions: 'plain',
      parts: PARTS,
    });

    expect(key).toBe(
      'logs/orders/2026/01/20/09/20260120T091402700Z-3f2a9c0d1e2f3a4b5c6d7e8f90a1b2c3.ndjson.gz'
    );
  });

  it('names the partitions Hive-style when asked', () => {
    const key = renderKey({
      template: DEFAULT_KEY_TEMPLATE,
      partitions: 'hive',
      parts: PARTS,
    });

    expect(key).toBe(
      'logs/function=orders/year=2026/month=01/day=20/hour=09/20260120T091402700Z-3f2a9c0d1e2f3a4b5c6d7e8f90a1b2c3.ndjson.gz'
    );
  });

  it('fills every placeholder and keeps each value to one path segment', () => {
    const key = renderKey({
      template:
        '{account}/{region}/{function}/{version}/{instance}/{hash}{ext}',
      partitions: 'plain',
      parts: { ...PARTS, functionName: 'a/b c', accountId: undefined },
    });

    expect(key).toBe(
      'unknown/eu-west-1/a_b_c/$LATEST/6e1bed3f-0efa-4284-a435-6fb2912e78e9/3f2a9c0d1e2f3a4b5c6d7e8f90a1b2c3.ndjson.gz'
    );
  });
});

describe('checkKeyTemplate', () => {
  it('accepts the default layout', () => {
    expect(checkKeyTemplate(DEFAULT_KEY_TEMPLATE)).toBeUndefined();
  });

  it.each([
    ['logs/{timestamp}.gz', 'no {hash}'],
    ['logs/{date}/{hash}', 'unknown placeholder {date}'],
    ['logs/{hash}}', 'an unbalanced brace'],
    ['/logs/{hash}', 'a leading slash'],
  ])('refuses %s: %s', (template, why) => {
    expect(checkKeyTemplate(template)).toBe(why);
  });
});

describe('keyTemplateFrom', () => {
  it('uses the default layout when unset', () => {
    expect(keyTemplateFrom(undefined)).toBe(DEFAULT_KEY_TEMPLATE);
  });

  it('puts a plain prefix in front of the layout', () => {
    expect(keyTemplateFrom('team-a/lambda/')).toBe(
      'team-a/lambda/{function}/{yyyy}/{mm}/{dd}/{hh}/{timestamp}-{hash}{ext}'
    );
  });

  it('takes a value with placeholders as the whole template', () => {
    expect(keyTemplateFrom('x/{hash}.gz')).toBe('x/{hash}.gz');
  });
});
