import { describeError } from './send-checked.js';
import type { ContractConfigCases } from './subject.js';
import { type ContractCheck, VerdictBuilder } from './verdict.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The error parse() throws for `env`, or undefined when it accepts it. */
function parseError(cases: ContractConfigCases, env: Env): Error | undefined {
  try {
    cases.parse(env);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

export const configCheck: ContractCheck = {
  id: 'config-names-variables',
  title: 'names each missing or malformed required variable in its message',
  timeoutMs: 10_000,
  async run(run) {
    const verdict = new VerdictBuilder(configCheck);
    const cases = run.subject.config;
    const valid = parseError(cases, cases.validEnv);
    if (valid) {
      verdict.fail(
        'refuses its own valid environment',
        `parse(validEnv) threw ${describeError(valid)}`
      );
    }
    const tries = [
      ...cases.required.map((variable) => {
        const env: Record<string, string | undefined> = { ...cases.validEnv };
        delete env[variable];
        return { variable, env, what: 'missing' };
      }),
      ...cases.malformed.map(({ variable, value }) => ({
        variable,
        env: { ...cases.validEnv, [variable]: value },
        what: `set to ${JSON.stringify(value)}`,
      })),
    ];
    for (const { variable, env, what } of tries) {
      const error = parseError(cases, env);
      if (error === undefined) {
        verdict.fail(
          'accepts a bad variable',
          `parse() did not throw with ${variable} ${what}`
        );
      } else if (!error.message.includes(variable)) {
        verdict.fail(
          'does not name the variable',
          `with ${variable} ${what}, the error says ${JSON.stringify(error.message)}`
        );
      }
    }
    if (tries.length === 0) {
      verdict.note('no required or malformed variables declared');
    }
    return verdict.done();
  },
};
