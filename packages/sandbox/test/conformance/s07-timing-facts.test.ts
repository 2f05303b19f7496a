import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { HANDLER } from '../helpers.js';
import { startHeldEnvironment } from './support/held-environment.js';
import { subscribeHeld, subscription } from './support/subscribed-extension.js';
import {
  startTelemetryListener,
  waitFor,
} from './support/telemetry-listener.js';

describe("spec 7.2 platform.report arrives one invoke late, 7.3 the last invoke's telemetry after SHUTDOWN, 7.8 deadlines", {
  timeout: 60_000,
}, () => {
  it('delivers nothing while frozen: the report of invoke N comes with the thaw for N+1, the last one while SHUTDOWN is handled', async () => {
    await using listener = await startTelemetryListener();
    await using env = await startHeldEnvironment({
      extensions: ['shipper'],
      handler: HANDLER,
    });
    const reportOf = (id: string) =>
      listener
        .events()
        .some(
          (e) =>
            e.type === 'platform.report' &&
            (e.record as { requestId: string }).requestId === id
        );
    let ids: string[] = [];
    const ext = await subscribeHeld(
      await env.extension('shipper'),
      subscription({ port: listener.httpPort, types: ['platform'] }),
      {
        beforeExit: () => waitFor(() => ids.every(reportOf), 'the last report'),
      }
    );
    const sandbox = await env.started;

    const first = await sandbox.invoke({});
    // Frozen: batches wait however long the freeze lasts (timeoutMs is 25).
    await sleep(500);
    const reportWhileFrozen = reportOf(first.requestId);
    const postsWhileFrozen = listener.posts.length;
    await sleep(200);
    const postsLater = listener.posts.length;
    const second = await sandbox.invoke({});
    ids = [first.requestId, second.requestId];
    await waitFor(() => reportOf(first.requestId), 'the first report');
    await sleep(300);
    const secondReportBeforeShutdown = reportOf(second.requestId);
    const ended = await sandbox.shutdown();

    expect(reportWhileFrozen).toBe(false);
    expect(postsLater).toBe(postsWhileFrozen);
    expect(secondReportBeforeShutdown).toBe(false);
    expect(reportOf(second.requestId)).toBe(true);
    const lastReport = sandbox.deliveries.find((d) =>
      (
        d.events as Array<{ type: string; record: { requestId?: string } }>
      ).some(
        (e) =>
          e.type === 'platform.report' &&
          e.record.requestId === second.requestId
      )
    );
    expect(lastReport?.phase).toBe('shutdown');
    expect(ext.events.map((e) => e.eventType)).toEqual([
      'INVOKE',
      'INVOKE',
      'SHUTDOWN',
    ]);
    expect(ended.extensions).toEqual([
      expect.objectContaining({ exitCode: 0, beforeDeadline: true }),
    ]);
  });
});
