import { CONTRACT_CHECKS } from './checks.js';
import { startContractRun } from './contract-run.js';
import type { ContractServer, ContractSubject } from './subject.js';
import type { ContractVerdict } from './verdict.js';

/** Every verdict of one run of the suite. */
export interface ContractReport {
  readonly ok: boolean;
  readonly verdicts: readonly ContractVerdict[];
}

/**
 * Runs the suite's checks one after another without a test framework and
 * returns their verdicts (a failed check does not stop the others).
 *
 * @example
 * const report = await runDestinationContract(subject, { checks: ['abort-signal'] });
 * report.verdicts[0]?.problems; // e.g. ['ignored the abort signal: send() still pending 2 s after abort']
 */
export async function runDestinationContract<TServer extends ContractServer>(
  subject: ContractSubject<TServer>,
  opts: { readonly checks?: readonly string[] } = {}
): Promise<ContractReport> {
  const chosen = CONTRACT_CHECKS.filter(
    (check) => opts.checks === undefined || opts.checks.includes(check.id)
  );
  const unknown = (opts.checks ?? []).filter(
    (id) => !CONTRACT_CHECKS.some((check) => check.id === id)
  );
  if (unknown.length > 0) {
    throw new Error(`unknown contract checks: ${unknown.join(', ')}`);
  }
  const run = await startContractRun(subject);
  const verdicts: ContractVerdict[] = [];
  try {
    for (const check of chosen) {
      await run.server.reset();
      verdicts.push(await check.run(run));
    }
  } finally {
    await run.stop();
  }
  return { ok: verdicts.every((v) => v.ok), verdicts };
}
