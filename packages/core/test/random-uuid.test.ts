import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomUuid } from '../src/random-uuid.js';

const V4 =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomUuid', () => {
  it('makes distinct version 4 UUIDs from /dev/urandom', () => {
    const ids = new Set(Array.from({ length: 100 }, () => randomUuid()));

    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(V4);
  });

  it('sets the version and variant bits on the bytes it read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uuid-'));
    const ones = join(dir, 'ones');
    writeFileSync(ones, Buffer.alloc(16, 0xff));

    expect(randomUuid(ones)).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('falls back to the global crypto when the source cannot be read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uuid-'));
    const short = join(dir, 'short');
    writeFileSync(short, Buffer.alloc(4));

    expect(randomUuid(join(dir, 'missing'))).toMatch(V4);
    expect(randomUuid(short)).toMatch(V4);
  });
});
