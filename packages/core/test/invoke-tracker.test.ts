import { describe, expect, it } from 'vitest';
import { createInvokeTracker } from '../src/invoke-tracker.js';
import { makeEvent } from './event-helpers.js';

const platform = (type: string, requestId?: string) =>
  makeEvent(type, { type, stream: 'platform', requestId, record: {} });

describe('createInvokeTracker', () => {
  it('remembers runtimeDone, report and initReport by request id', () => {
    const tracker = createInvokeTracker();

    tracker.observe(platform('platform.runtimeDone', 'a'));
    tracker.observe(platform('platform.report', 'b'));
    tracker.observe(platform('platform.initReport'));
    tracker.observe(makeEvent('hello', { requestId: 'c' }));

    expect(tracker.hasRuntimeDone('a')).toBe(true);
    expect(tracker.hasRuntimeDone('b')).toBe(false);
    expect(tracker.hasReport('b')).toBe(true);
    expect(tracker.initReportSeen).toBe(true);
  });

  it('knows the first and the last invoke', () => {
    const tracker = createInvokeTracker();

    tracker.startInvoke('one');
    tracker.startInvoke('two');

    expect(tracker.firstRequestId).toBe('one');
    expect(tracker.lastRequestId).toBe('two');
  });

  it('resolves a wait as soon as the awaited event arrives', async () => {
    const tracker = createInvokeTracker();
    const waiting = tracker.waitFor(
      () => tracker.hasRuntimeDone('x'),
      Date.now() + 60_000
    );

    tracker.observe(platform('platform.runtimeDone', 'y'));
    tracker.observe(platform('platform.runtimeDone', 'x'));

    await expect(waiting).resolves.toBe(true);
  });

  it('resolves at once when the condition already holds', async () => {
    const tracker = createInvokeTracker();
    tracker.observe(platform('platform.report', 'x'));

    const met = await tracker.waitFor(() => tracker.hasReport('x'), 0);

    expect(met).toBe(true);
  });

  it('resolves false when the time is up', async () => {
    let now = 1_000;
    const tracker = createInvokeTracker({ nowMs: () => now });

    const pastDeadline = await tracker.waitFor(() => false, 1_000);
    now = 0;
    const shortWait = await tracker.waitFor(() => false, 5);

    expect(pastDeadline).toBe(false);
    expect(shortWait).toBe(false);
  });

  it('forgets the oldest request ids beyond 256', () => {
    const tracker = createInvokeTracker();

    for (let i = 0; i < 300; i += 1) {
      tracker.observe(platform('platform.runtimeDone', `r${i}`));
    }

    expect(tracker.hasRuntimeDone('r0')).toBe(false);
    expect(tracker.hasRuntimeDone('r43')).toBe(false);
    expect(tracker.hasRuntimeDone('r44')).toBe(true);
    expect(tracker.hasRuntimeDone('r299')).toBe(true);
  });
});
