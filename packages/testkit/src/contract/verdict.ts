import type { ContractRun } from './contract-run.js';

/** The result of one contract check. */
export interface ContractVerdict {
  /** The check's id, e.g. "abort-signal". */
  readonly check: string;
  /** The check's title, as the test is named. */
  readonly title: string;
  readonly ok: boolean;
  /** Each broken rule, one sentence that starts with the rule's name. */
  readonly problems: readonly string[];
  /** What passed with a caveat, e.g. where duplicates cannot be prevented. */
  readonly notes: readonly string[];
}

/** One check of the suite: runs against a started run and returns a verdict. */
export interface ContractCheck {
  readonly id: string;
  readonly title: string;
  /** A generous bound for the whole check (the suite's own timeouts are shorter). */
  readonly timeoutMs: number;
  run(run: ContractRun): Promise<ContractVerdict>;
}

/** Collects problems and notes while a check runs. */
export class VerdictBuilder {
  readonly #check: ContractCheck;
  readonly #problems: string[] = [];
  readonly #notes: string[] = [];

  constructor(check: Pick<ContractCheck, 'id' | 'title'>) {
    this.#check = check as ContractCheck;
  }

  /** Records a broken rule: `rule: detail`. */
  fail(rule: string, detail: string): void {
    this.#problems.push(`${rule}: ${detail}`);
  }

  note(text: string): void {
    this.#notes.push(text);
  }

  get failed(): boolean {
    return this.#problems.length > 0;
  }

  done(): ContractVerdict {
    return {
      check: this.#check.id,
      title: this.#check.title,
      ok: this.#problems.length === 0,
      problems: [...this.#problems],
      notes: [...this.#notes],
    };
  }
}

/** Thrown by the `it` blocks of describeDestinationContract for a failed verdict. */
export class ContractViolationError extends Error {
  override readonly name: string = 'ContractViolationError';
  constructor(readonly verdict: ContractVerdict) {
    super(
      `${verdict.title}:\n${verdict.problems.map((p) => `  - ${p}`).join('\n')}`
    );
  }
}
