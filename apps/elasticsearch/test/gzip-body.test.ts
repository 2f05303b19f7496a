import { createGzip, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipBody } from '../src/gzip-body.js';

describe('gzipBody', () => {
  it('compresses the parts written, in order, as one gzip stream', async () => {
    const body = gzipBody(createGzip({ level: 1 }));
    const parts = Array.from(
      { length: 3 },
      (_, n) => `{"create":{}}\n{"n":${n},"message":"${'x'.repeat(200_000)}"}\n`
    );

    for (const part of parts) body.write(part);
    const gzipped = await body.end();

    expect(gzipped.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(gzipped.length).toBeLessThan(10_000);
    expect(gunzipSync(gzipped).toString()).toBe(parts.join(''));
  });

  it('rejects at the end when zlib failed on an earlier part', async () => {
    const stream = createGzip();
    const body = gzipBody(stream);
    body.write('a part');
    stream.destroy(new Error('zlib broke'));
    await new Promise((resolve) => setImmediate(resolve));

    await expect(body.end()).rejects.toThrow('zlib broke');
  });

  it('destroys the stream of an abandoned body', () => {
    const stream = createGzip();
    const body = gzipBody(stream);
    body.write('a part');

    body.destroy();

    expect(stream.destroyed).toBe(true);
  });
});
