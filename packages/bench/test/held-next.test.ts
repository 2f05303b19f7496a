import { describe, expect, it } from 'vitest';
import { heldRequestIds } from '../src/measure/held-next.js';

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({
    time: '2026-11-27T13:00:00.000Z',
    level: 'debug',
    component: 'logdrain',
    ...fields,
  });

describe('heldRequestIds', () => {
  it("takes the request ids of the layer's flushed-before-next lines, the warn one too", () => {
    const output = [
      line({ msg: 'flushed before next', requestId: 'r1', heldMs: 3 }),
      'not json',
      '{ broken',
      line({ msg: 'retrying batch', requestId: 'r2' }),
      line({
        level: 'warn',
        msg: 'the destination is slower than the function logs: /next was held while records were sent',
        requestId: 'r3',
      }),
      line({ msg: 'flushed before next' }),
      line({ msg: 'flushed before next', requestId: 'r1' }),
    ];

    expect([...heldRequestIds(output)]).toEqual(['r1', 'r3']);
  });
});
