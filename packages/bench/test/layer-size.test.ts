import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { unzippedBytes } from '../src/measure/layer-size.js';

/** A deflated zip of `files` (CRCs left 0: only the sizes matter here). */
function zipOf(files: Record<string, Buffer>, comment = ''): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const packed = deflateRawSync(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    const entry = Buffer.concat([local, Buffer.from(name), packed]);
    locals.push(entry);
    centrals.push(central, Buffer.from(name));
    offset += entry.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(locals.length, 8);
  end.writeUInt16LE(locals.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, directory, end, Buffer.from(comment)]);
}

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
    const zip = zipOf({ a: Buffer.alloc(7) }, 'built by a test');

    expect(unzippedBytes(zip)).toBe(7);
  });

  it('refuses what is not a zip', () => {
    expect(() => unzippedBytes(Buffer.alloc(100))).toThrow('not a zip');
  });
});
