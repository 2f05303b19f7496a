import { describe, expect, it } from 'vitest';
import {
  ATTEMPT_CUT_SHORT,
  attemptSend,
  describeError,
} from '../src/send-attempt.js';
import { createRecordingLogger, makeEvent } from './event-helpers.js';
import { createFakeDestination } from './fake-destination.js';

describe('attemptSend', () => {
  it('passes the attempt number and a live signal', async () => {
    const destination = createFakeDestination();
    const log = createRecordingLogger();

    const outcome = await attemptSend(destination, [makeEvent('a')], {
      attempt: 3,
      timeoutMs: 1_000,
      log,
    });

    expect(outcome).toEqual({ status: 'delivered' });
    expect(destination.calls[0]?.ctx.attempt).toBe(3);
    expect(destination.calls[0]?.ctx.signal.aborted).toBe(false);
  });

  it('turns a rejection into a retry naming the error', async () => {
    const error = Object.assign(
      new Error('connect failed', { cause: new Error('refused') }),
      {
        code: 'ECONNREFUSED',
      }
    );
    const destination = createFakeDestination([error]);
    const log = createRecordingLogger();

    const outcome = await attemptSend(destination, [makeEvent('a')], {
      attempt: 1,
      timeoutMs: 1_000,
      log,
    });

    expect(outcome).toEqual({
      status: 'retry',
      reason: 'ECONNREFUSED connect failed: refused',
    });
    expect(log.entries.map((e) => e.level)).toEqual(['error']);
  });
});

describe('attemptSend: signal', () => {
  it('abandons an attempt when the signal aborts, and aborts the destination signal', async () => {
    const destination = createFakeDestination([
      () => new Promise(() => undefined),
    ]);
    const controller = new AbortController();

    const attempt = attemptSend(destination, [makeEvent('a')], {
      attempt: 1,
      timeoutMs: 60_000,
      log: createRecordingLogger(),
      signal: controller.signal,
    });
    await Promise.resolve();
    controller.abort();
    const outcome = await attempt;

    expect(outcome).toEqual({ status: 'retry', reason: ATTEMPT_CUT_SHORT });
    expect(destination.calls).toHaveLength(1);
    expect(destination.calls[0]?.ctx.signal.aborted).toBe(true);
  });

  it('does not call the destination when the signal has already aborted', async () => {
    const destination = createFakeDestination();

    const outcome = await attemptSend(destination, [makeEvent('a')], {
      attempt: 1,
      timeoutMs: 60_000,
      log: createRecordingLogger(),
      signal: AbortSignal.abort(),
    });

    expect(outcome).toEqual({ status: 'retry', reason: ATTEMPT_CUT_SHORT });
    expect(destination.calls).toHaveLength(0);
  });
});

describe('describeError', () => {
  it('describes errors and other thrown values', () => {
    const texts = [new Error('plain'), 'a string', 42].map(describeError);

    expect(texts).toEqual(['plain', 'a string', '42']);
  });
});
