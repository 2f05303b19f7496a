import { describe, expect, it } from 'vitest';
import { unzippedBytes } from '../src/measure/layer-size.js';
import { zipOf } from './zip-of.js';

describe('unzippedBytes', () => {
  it('adds up the uncompressed sizes of every entry', () => {
    const zip = zipOf({
      'extensions/x': Buffer.from('#!/bin/sh\n'),
      'x/index.mjs': Buffer.alloc(10_000, 'a'),
    });

    const total = unzippedBytes(zip);

    expect(total).toBe(10_010);
    expect(zip.length).toBeLessThan(total);
  });

  it('finds the directory behind an archive comment', () => {
    const zip = zipOf({ a: Buffer.alloc(7) }, { comment: 'built by a test' });

    expect(unzippedBytes(zip)).toBe(7);
  });

  it('refuses what is not a zip', () => {
    expect(() => unzippedBytes(Buffer.alloc(100))).toThrow('not a zip');
  });
});
