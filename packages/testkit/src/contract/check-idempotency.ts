import { contractEvent } from './events.js';
import { openRig } from './rig.js';
import { sendChecked } from './send-checked.js';
import { expectStoredOnce } from './stored.js';
import { type ContractCheck, VerdictBuilder } from './verdict.js';

export const idempotencyCheck: ContractCheck = {
  id: 'idempotent-replay',
  title:
    'replaying a batch after a lost response does not duplicate (where the destination can prevent it)',
  timeoutMs: 60_000,
  async run(run) {
    const verdict = new VerdictBuilder(idempotencyCheck);
    const { duplicates } = run.subject;
    const requestsPerSend = run.subject.requestsPerSend ?? 1;
    const tag = run.nextTag(idempotencyCheck.id);
    const batch = Array.from({ length: 5 }, (_, n) =>
      contractEvent({ tag, n })
    );
    const rig = await openRig(run, verdict);
    try {
      const before = rig.requestCount();
      // Over TLS the server's answer is told from other bytes it sends
      // (session tickets) by the request it has recorded.
      rig.proxy.setMode({
        kind: 'loseResponse',
        ...(run.tls ? { when: () => rig.requestCount() > before } : {}),
      });
      const lost = await sendChecked({ rig, batch, verdict, requestsPerSend });
      if (lost.outcome && lost.outcome.status !== 'retry') {
        verdict.fail(
          'misread a lost response',
          `the connection reset before any answer, yet send() came back ${lost.outcome.status}; it must be retry`
        );
      }
      if (lost.requests === 0) {
        verdict.note('the lost-response request never reached the server');
      }
      rig.proxy.setMode({ kind: 'pass' });
      const replay = await sendChecked({
        rig,
        batch,
        verdict,
        requestsPerSend,
        attempt: 2,
      });
      if (replay.outcome && replay.outcome.status !== 'delivered') {
        verdict.fail(
          'did not deliver',
          `the replay through a healthy connection came back ${replay.outcome.status}: ${replay.outcome.reason}`
        );
      }
    } finally {
      await rig.close();
    }
    const readBack = await expectStoredOnce({
      run,
      verdict,
      tag,
      sent: batch,
      ...(duplicates.prevented
        ? {}
        : {
            allowDuplicates: `the destination declares it cannot prevent duplicates: ${duplicates.why}`,
          }),
    });
    if (duplicates.prevented) {
      verdict.note(`duplicates prevented: ${duplicates.how}`);
    } else if (readBack.duplicated.length === 0) {
      verdict.note(
        `no duplicates this time, though the destination declares it cannot prevent them: ${duplicates.why}`
      );
    }
    return verdict.done();
  },
};
