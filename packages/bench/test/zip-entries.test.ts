import { describe, expect, it } from 'vitest';
import { readZipEntry, zipEntries } from '../src/measure/zip-entries.js';
import { zipOf } from './zip-of.js';

const FILES = {
  'extensions/x': Buffer.from('#!/bin/sh\n'),
  'x/bin/node': Buffer.alloc(5_000, 'n'),
};

describe('zip entries', () => {
  it('lists names and sizes, and reads deflated entries', () => {
    const zip = zipOf(FILES);

    const entries = zipEntries(zip);

    expect(entries.map((e) => [e.name, e.method, e.bytes])).toEqual([
      ['extensions/x', 8, 10],
      ['x/bin/node', 8, 5_000],
    ]);
    expect(entries.map((e) => readZipEntry(zip, e))).toEqual([
      FILES['extensions/x'],
      FILES['x/bin/node'],
    ]);
  });

  it('reads stored entries', () => {
    const zip = zipOf(FILES, { stored: true });

    const [, node] = zipEntries(zip);

    expect(node?.method).toBe(0);
    expect(node && readZipEntry(zip, node)).toEqual(FILES['x/bin/node']);
  });
});
