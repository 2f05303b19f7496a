import { runtimeOf } from './sandbox-setup.js';
import type { SandboxOptions } from './types.js';

/** A usage error: names the option, the value and what is allowed. */
export class UsageError extends Error {}

/** What `run` does besides starting the sandbox. */
export interface RunSettings {
  sandbox: SandboxOptions;
  invokes: number;
  payload: unknown;
  json: boolean;
  verbose: boolean;
}

type Values = Record<
  string,
  string | boolean | Array<string | boolean> | undefined
>;

/** Checks the parsed values and turns them into sandbox options. */
export function toRunSettings(values: Values): RunSettings {
  const str = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const list = (name: string): string[] =>
    ((values[name] as unknown[] | undefined) ?? []).map(String);
  const whole = (name: string, min: number): number | undefined => {
    const text = str(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isInteger(value) || value < min) {
      throw new UsageError(
        `--${name}: got ${JSON.stringify(text)}; allowed: a whole number >= ${min}`
      );
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[]) => {
    const text = str(name);
    if (text !== undefined && !allowed.includes(text as T)) {
      throw new UsageError(
        `--${name}: got ${JSON.stringify(text)}; allowed: ${allowed.join(', ')}`
      );
    }
    return text as T | undefined;
  };
  const handler = str('handler');
  if (handler === undefined) {
    throw new UsageError(
      '--handler: missing; allowed: a JS module or an executable'
    );
  }
  const env: Record<string, string> = {};
  for (const pair of list('env')) {
    const at = pair.indexOf('=');
    if (at < 1) {
      throw new UsageError(`--env: got ${JSON.stringify(pair)}; allowed: K=V`);
    }
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const payloadText = str('payload') ?? '{}';
  let payload: unknown;
  try {
    payload = JSON.parse(payloadText);
  } catch {
    throw new UsageError(
      `--payload: got ${JSON.stringify(payloadText)}; allowed: a JSON value`
    );
  }
  const defined = <T extends object>(o: T): T =>
    Object.fromEntries(
      Object.entries(o).filter(([, v]) => v !== undefined)
    ) as T;
  const sandbox: SandboxOptions = defined({
    layers: list('layer'),
    handler,
    env,
    runtime: oneOf('runtime', ['node', 'bootstrap'] as const),
    nodePath: str('node'),
    lines: whole('lines', 0),
    lineBytes: whole('line-bytes', 1),
    mode: values['managed-instances'] ? 'managed-instances' : undefined,
    maxConcurrency: whole('max-concurrency', 1),
    timeoutMs: whole('timeout-ms', 1),
    memorySizeMb: whole('memory-mb', 128),
    logFormat: oneOf('log-format', ['Text', 'JSON'] as const),
    functionName: str('function-name'),
    initTimeoutMs: whole('init-timeout-ms', 1),
    shutdownBudgetMs: whole('shutdown-budget-ms', 1),
    telemetryBufferMaxBytes: whole('buffer-bytes', 1),
    freeze: values['no-freeze'] ? false : undefined,
  });
  const runtime = runtimeOf(handler, sandbox.runtime);
  if (runtime === 'node' && sandbox.nodePath === 'none') {
    throw new UsageError(
      `--node: got "none", but --handler ${handler} is a JS module run by the built-in Node.js runtime; allowed: a Node.js binary, or a bootstrap executable as --handler`
    );
  }
  if (runtime === 'bootstrap' && (sandbox.lines ?? 0) > 0) {
    throw new UsageError(
      `--lines: got "${sandbox.lines}", but --handler ${handler} runs as a bootstrap; allowed: 0 (a bootstrap logs what it wants)`
    );
  }
  return {
    sandbox,
    invokes: whole('invokes', 0) ?? 1,
    payload,
    json: values.json === true,
    verbose: values.verbose === true,
  };
}
