import {
  assertLayerBuilt,
  compareLines,
  expectedLines,
  extensionLog,
  startHttpsReceiver,
} from '@logdrain/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP, functionMessages, makeWorkDir, startLayer } from './helpers.js';

// Lambda gives extensions the function's environment, NODE_OPTIONS too. The
// layer compiles its app after registering (layer-build's registerFirst):
// with eval refused it must fall back to node:vm, not exit.
describe('the logdrain-webhook layer under a hardened NODE_OPTIONS', () => {
  beforeAll(() => assertLayerBuilt(APP));

  it('starts and delivers every line with --disallow-code-generation-from-strings', async () => {
    await using work = await makeWorkDir();
    await using receiver = await startHttpsReceiver();
    await using sandbox = await startLayer({
      receiver,
      workDir: work.path,
      env: { NODE_OPTIONS: '--disallow-code-generation-from-strings' },
    });
    const invokeTags = ['h01', 'h02', 'h03'];

    for (const tag of invokeTags) await sandbox.invoke({ tag, lines: 100 });
    const shutdown = await sandbox.shutdown();

    expect(sandbox.initReport.status).toBe('success');
    expect(
      compareLines(functionMessages(receiver), expectedLines(invokeTags, 100))
    ).toEqual({ received: 300, missing: 0, duplicated: 0, unexpected: 0 });
    expect(shutdown.extensions).toEqual([
      expect.objectContaining({ name: 'logdrain-webhook', exitCode: 0 }),
    ]);
    expect(extensionLog(sandbox).filter((e) => e.level === 'error')).toEqual(
      []
    );
  }, 60_000);
});
