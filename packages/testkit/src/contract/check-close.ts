import { contractEvent } from './events.js';
import { openRig } from './rig.js';
import { sendChecked } from './send-checked.js';
import { type ContractCheck, VerdictBuilder } from './verdict.js';

const GRACE_MS = 1_000;

/** Active handles by type (timers, sockets...), as Node reports them. */
function resourceCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) {
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return counts;
}

/** Types that have more handles now than in `baseline`. */
function extraResources(baseline: Map<string, number>): string[] {
  return [...resourceCounts()]
    .filter(([type, count]) => count > (baseline.get(type) ?? 0))
    .map(([type, count]) => `${type} ×${count - (baseline.get(type) ?? 0)}`);
}

export const closeCheck: ContractCheck = {
  id: 'close-releases-handles',
  title: 'close() releases every socket and handle',
  timeoutMs: 60_000,
  async run(run) {
    const verdict = new VerdictBuilder(closeCheck);
    const baseline = resourceCounts();
    const rig = await openRig(run, verdict);
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
      if (!(await rig.proxy.waitForIdle({ timeoutMs: GRACE_MS }))) {
        verdict.fail(
          'close() left sockets open',
          `${rig.proxy.openConnections} connection(s) still open ${GRACE_MS / 1_000} s after close() resolved`
        );
      }
    } finally {
      await rig.close();
    }
    const until = Date.now() + GRACE_MS;
    let extra = extraResources(baseline);
    while (extra.length > 0 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      extra = extraResources(baseline);
    }
    if (extra.length > 0) {
      verdict.fail(
        'close() left handles open',
        `after close() and ${GRACE_MS / 1_000} s, the process holds more handles than before the destination existed: ${extra.join(', ')}`
      );
    }
    return verdict.done();
  },
};
