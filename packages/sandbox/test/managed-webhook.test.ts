import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';
import { HANDLER } from './helpers.js';
import { ensureWebhookLayer, startReceiver } from './webhook-layer.js';

const INVOKES = 6;
const LINES = 50;

describe('the built webhook layer on Lambda Managed Instances', {
  timeout: 300_000,
}, () => {
  it('registers for SHUTDOWN only after the refused INVOKE and delivers every line of concurrent invokes', async () => {
    const layer = ensureWebhookLayer();
    await using receiver = await startReceiver();
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      mode: 'managed-instances',
      maxConcurrency: 2,
      env: { LOGDRAIN_WEBHOOK_URL: receiver.url },
    });
    expect(sandbox.initReport.status).toBe('success');

    const tags = Array.from({ length: INVOKES }, (_, n) => `inv${n}`);
    const results = [];
    for (let n = 0; n < INVOKES; n += 2) {
      results.push(
        ...(await Promise.all(
          tags
            .slice(n, n + 2)
            .map((tag) => sandbox.invoke({ tag, lines: LINES }))
        ))
      );
    }
    const shutdown = await sandbox.shutdown();

    expect(results.every((r) => r.status === 'success')).toBe(true);
    const registers = sandbox.apiCalls.filter((c) =>
      c.path.endsWith('/extension/register')
    );
    expect(registers.map((c) => [c.status, c.errorType])).toEqual([
      [403, 'Extension.InvalidEventType'],
      [200, undefined],
    ]);
    expect(shutdown.extensions).toEqual([
      expect.objectContaining({ name: 'logdrain-webhook', exitCode: 0 }),
    ]);
    const messages = receiver.records
      .filter((r) => r.type === 'function')
      .map((r) => String(r.message));
    const expected = [
      'static init done',
      ...tags.flatMap((tag) =>
        Array.from({ length: LINES }, (_, i) => `${tag} ${i}`)
      ),
    ];
    expect([...messages].sort()).toEqual([...expected].sort());
    expect(messages).toHaveLength(sandbox.functionOutput.length);
  });
});
