import { startRie } from '@logdrain/testkit';
import { describe, expect, it } from 'vitest';

describe('the rie peer from @logdrain/testkit (no layer: no mount namespace needed)', {
  timeout: 120_000,
}, () => {
  it('starts with its echo bootstrap on free loopback ports and answers an invoke with the event', async () => {
    await using rie = await startRie();

    const answer = await rie.invoke({ hello: 'world', n: 1 });

    expect(rie.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(rie.runtimeApi).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(answer).toEqual({ status: 200, text: '{"hello":"world","n":1}' });
  });
});
