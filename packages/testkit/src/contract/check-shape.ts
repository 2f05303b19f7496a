import { openRig } from './rig.js';
import { type ContractCheck, VerdictBuilder } from './verdict.js';

/** The destination names itself as the subject says and declares sane limits. */
export const shapeCheck: ContractCheck = {
  id: 'shape',
  title: 'names itself and declares positive integer limits',
  timeoutMs: 30_000,
  async run(run) {
    const verdict = new VerdictBuilder(shapeCheck);
    const rig = await openRig(run, verdict);
    const { destination } = rig;
    await rig.close();
    if (destination.name !== run.subject.name) {
      verdict.fail(
        'wrong name',
        `destination.name is ${JSON.stringify(destination.name)}, the subject says ${JSON.stringify(run.subject.name)}`
      );
    }
    for (const key of ['maxBatchBytes', 'maxBatchItems'] as const) {
      const value = destination.limits?.[key];
      if (!Number.isSafeInteger(value) || value < 1) {
        verdict.fail(
          'invalid limits',
          `limits.${key} must be a positive integer, got ${String(value)}`
        );
      }
    }
    if (typeof destination.send !== 'function') {
      verdict.fail('no send()', 'a destination must have send(batch, ctx)');
    }
    return verdict.done();
  },
};
