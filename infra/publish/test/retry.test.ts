import { describe, expect, it } from 'vitest';
import { isThrottling, isTransient, withRetry } from '../src/retry.js';

const throttled = Object.assign(new Error('Rate exceeded'), {
  name: 'TooManyRequestsException',
  $metadata: { httpStatusCode: 429 },
});
const denied = Object.assign(new Error('denied'), {
  name: 'AccessDeniedException',
  $metadata: { httpStatusCode: 403 },
});

describe('withRetry', () => {
  it('retries throttling with growing full-jitter waits', async () => {
    const waits: number[] = [];
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls++;
        if (calls < 4) throw throttled;
        return 'ok';
      },
      {
        baseMs: 100,
        capMs: 250,
        random: () => 0.999,
        sleep: async (ms) => void waits.push(ms),
      }
    );
    expect(value).toBe('ok');
    expect(calls).toBe(4);
    expect(waits).toEqual([99, 199, 249]);
  });

  it('gives up after maxAttempts', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw throttled;
        },
        { maxAttempts: 3, sleep: async () => {} }
      )
    ).rejects.toBe(throttled);
    expect(calls).toBe(3);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw denied;
      })
    ).rejects.toBe(denied);
    expect(calls).toBe(1);
  });
});

describe('isThrottling and isTransient', () => {
  it('tells throttling, server errors and refusals apart', () => {
    expect(isThrottling(throttled)).toBe(true);
    expect(isThrottling(denied)).toBe(false);
    expect(isTransient({ $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isTransient(denied)).toBe(false);
    expect(
      isTransient(
        Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })
      )
    ).toBe(true);
  });
});
