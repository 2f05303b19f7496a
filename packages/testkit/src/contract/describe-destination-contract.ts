import { CONTRACT_CHECKS } from './checks.js';
import { type StartedContractRun, startContractRun } from './contract-run.js';
import type { ContractServer, ContractSubject } from './subject.js';
import { ContractViolationError } from './verdict.js';

/**
 * The slice of vitest the suite registers its tests with. testkit does not
 * import vitest itself (it is no dependency of testkit): pass vitest's own.
 */
export interface ContractTestApi {
  describe(name: string, fn: () => void): void;
  it(
    name: string,
    fn: (context: ContractTestContext) => Promise<void>,
    timeoutMs?: number
  ): void;
  beforeAll(fn: () => Promise<void>, timeoutMs?: number): void;
  afterAll(fn: () => Promise<void>, timeoutMs?: number): void;
}

/** The part of vitest's test context the suite uses, when present. */
export interface ContractTestContext {
  /** vitest 3.2+: attaches a note to the test's report. */
  readonly annotate?: (message: string) => unknown;
}

/**
 * Registers the destination contract suite: one `describe` named after the
 * destination, one `it` per check. The subject's server starts once, before
 * the first check, is reset between checks and stops after the last. A
 * failed check throws a ContractViolationError listing each broken rule.
 *
 * @example
 * import { afterAll, beforeAll, describe, it } from 'vitest';
 * import { describeDestinationContract } from '@logdrain/testkit';
 *
 * describeDestinationContract(subject, { describe, it, beforeAll, afterAll });
 */
export function describeDestinationContract<TServer extends ContractServer>(
  subject: ContractSubject<TServer>,
  test: ContractTestApi
): void {
  test.describe(`${subject.name} destination contract`, () => {
    let run: StartedContractRun | undefined;
    test.beforeAll(async () => {
      run = await startContractRun(subject);
    }, 30_000);
    test.afterAll(async () => {
      await run?.stop();
    }, 30_000);
    for (const check of CONTRACT_CHECKS) {
      test.it(
        check.title,
        async (context) => {
          if (run === undefined) throw new Error('the server did not start');
          await run.server.reset();
          const verdict = await check.run(run);
          // Notes say what passed with a caveat (duplicates not prevented,
          // partial failures unsupported, a smaller batch than the limit).
          for (const note of verdict.notes) await context?.annotate?.(note);
          if (!verdict.ok) throw new ContractViolationError(verdict);
        },
        check.timeoutMs
      );
    }
  });
}
