import { contractEvent } from './events.js';
import { openRig } from './rig.js';
import { sendChecked } from './send-checked.js';
import { expectStoredOnce, preview } from './stored.js';
import { type ContractCheck, VerdictBuilder } from './verdict.js';

const SIZE = 10;
const FAILING = new Set([2, 5, 8]);

export const partialFailureCheck: ContractCheck = {
  id: 'partial-failure',
  title: 'returns only the failed records in remaining on a partial failure',
  timeoutMs: 60_000,
  async run(run) {
    const verdict = new VerdictBuilder(partialFailureCheck);
    const support = run.subject.partialFailure;
    if (!support.supported) {
      verdict.note(`partial failures not supported: ${support.why}`);
      return verdict.done();
    }
    const tag = run.nextTag(partialFailureCheck.id);
    const batch = Array.from({ length: SIZE }, (_, n) => {
      const event = contractEvent({ tag, n });
      return FAILING.has(n) ? support.makeFailing(event) : event;
    });
    const failing = batch.filter((_, n) => FAILING.has(n));
    const good = batch.filter((_, n) => !FAILING.has(n));
    const rig = await openRig(run, verdict);
    try {
      const { outcome } = await sendChecked({
        rig,
        batch,
        verdict,
        requestsPerSend: run.subject.requestsPerSend ?? 1,
      });
      if (outcome?.status === 'delivered') {
        verdict.fail(
          'hid a partial failure',
          `${failing.length} records the server refused came back delivered`
        );
      } else if (outcome && outcome.remaining === undefined) {
        verdict.fail(
          'no remaining on a partial failure',
          `the outcome was ${outcome.status} without remaining: core would count all ${SIZE} records as failed`
        );
      } else if (outcome?.remaining) {
        const got = new Set(outcome.remaining.map((event) => event.message));
        const want = new Set(failing.map((event) => event.message));
        const extra = [...got].filter((message) => !want.has(message));
        const absent = [...want].filter((message) => !got.has(message));
        if (
          extra.length > 0 ||
          absent.length > 0 ||
          got.size !== outcome.remaining.length
        ) {
          verdict.fail(
            'wrong remaining',
            `remaining must hold exactly the ${want.size} refused records once each; it has ${outcome.remaining.length} (extra: ${extra.map(preview).join(', ') || 'none'}; missing: ${absent.map(preview).join(', ') || 'none'})`
          );
        }
      }
    } finally {
      await rig.close();
    }
    await expectStoredOnce({ run, verdict, tag, sent: good });
    return verdict.done();
  },
};
