import { contractEvent } from './events.js';
import { trackHandles } from './handle-tracker.js';
import { openRig } from './rig.js';
import { sendChecked } from './send-checked.js';
import { type ContractCheck, VerdictBuilder } from './verdict.js';

const GRACE_MS = 1_000;

export const closeCheck: ContractCheck = {
  id: 'close-releases-handles',
  title: 'close() releases every socket and handle',
  timeoutMs: 60_000,
  async run(run) {
    const verdict = new VerdictBuilder(closeCheck);
    // Every handle made from here on belongs to the destination or is a
    // proxy or server socket of its connections (gone once it closes them).
    const tracker = trackHandles();
    const rig = await openRig(run, verdict).catch((error: unknown) => {
      tracker.dispose();
      throw error;
    });
    try {
      for (const n of [0, 1]) {
        await sendChecked({
          rig,
          verdict,
          batch: [contractEvent({ tag: run.nextTag(closeCheck.id), n })],
          requestsPerSend: run.subject.requestsPerSend ?? 1,
        });
      }
      await rig.closeDestination();
      tracker.stopRecording();
      if (!(await rig.proxy.waitForIdle({ timeoutMs: GRACE_MS }))) {
        verdict.fail(
          'close() left sockets open',
          `${rig.proxy.openConnections} connection(s) still open ${GRACE_MS / 1_000} s after close() resolved`
        );
        return verdict.done();
      }
      const until = Date.now() + GRACE_MS;
      while (tracker.open().length > 0 && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const open = tracker.open();
      if (open.length > 0) {
        verdict.fail(
          'close() left handles open',
          `${GRACE_MS / 1_000} s after close() resolved, handles made since the destination was built are still open: ${open.join(', ')}`
        );
      }
    } finally {
      tracker.dispose();
      await rig.close();
    }
    return verdict.done();
  },
};
