import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Env } from './env-reader.js';
import type { ConfigProblem } from './errors.js';

/**
 * The variable naming the JSON settings file.
 *
 * @example
 * process.env[CONFIG_FILE_VARIABLE]; // the path, e.g. 'logdrain.json'
 */
export const CONFIG_FILE_VARIABLE = 'LOGDRAIN_CONFIG';

/** Where a relative LOGDRAIN_CONFIG path points: the function package. */
const DEFAULT_TASK_ROOT = '/var/task';

/** A settings file larger than this is refused (the env itself is 4 KB). */
const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/**
 * What {@link loadEnvWithConfigFile} returns.
 *
 * @example
 * const { env, problems }: LoadedEnv = loadEnvWithConfigFile(process.env);
 */
export interface LoadedEnv {
  /** The file's settings overlaid by the real environment. */
  readonly env: Env;
  /** A missing or malformed file, naming LOGDRAIN_CONFIG. */
  readonly problems: readonly ConfigProblem[];
}

/**
 * Merges the JSON file named by `LOGDRAIN_CONFIG` (an object of variable
 * names to values) under the environment: a variable that is set wins over
 * the file. A relative path is resolved against `/var/task` (the function
 * package), or against `LAMBDA_TASK_ROOT` when set. Numbers and booleans
 * become strings; arrays and objects become their JSON text (so
 * `LOGDRAIN_REDACT` may be an array). A missing, unreadable or malformed
 * file is a problem that names LOGDRAIN_CONFIG; the env is then returned
 * unchanged.
 *
 * @example
 * const { env, problems } = loadEnvWithConfigFile(process.env);
 * if (problems.length > 0) throw new ConfigError(problems);
 */
export function loadEnvWithConfigFile(env: Env): LoadedEnv {
  const path = env[CONFIG_FILE_VARIABLE]?.trim();
  if (path === undefined || path === '') return { env, problems: [] };
  const full = isAbsolute(path)
    ? path
    : resolve(env.LAMBDA_TASK_ROOT ?? DEFAULT_TASK_ROOT, path);
  const problem = (allowed: string): LoadedEnv => ({
    env,
    problems: [{ variable: CONFIG_FILE_VARIABLE, value: path, allowed }],
  });

  let text: string;
  try {
    const bytes = readFileSync(full);
    if (bytes.length > MAX_CONFIG_FILE_BYTES) {
      return problem(
        `a JSON file of at most 1 MiB (${full} has ${bytes.length} bytes)`
      );
    }
    text = bytes.toString('utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'read error';
    return problem(`the path of a readable JSON file (${full}: ${code})`);
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // Not the parser's message: V8 quotes the text around the error, which
    // may be part of a secret (a webhook secret, an authorization header).
    return problem(
      `a file holding valid JSON (${full}: ${jsonErrorAt(text, error)})`
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return problem(
      `a JSON file holding one object of variable names to values (${full})`
    );
  }

  const merged: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key === CONFIG_FILE_VARIABLE || value === null) continue;
    merged[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') merged[key] = value;
    else if (!(key in merged)) merged[key] = value;
  }
  return { env: merged, problems: [] };
}

/** "invalid JSON at line L, column C" when V8 names a position. */
function jsonErrorAt(text: string, error: unknown): string {
  const match = /at position (\d+)/.exec((error as Error).message);
  if (match === null) return 'invalid JSON';
  const before = text.slice(0, Number(match[1])).split('\n');
  const column = (before.at(-1)?.length ?? 0) + 1;
  return `invalid JSON at line ${before.length}, column ${column}`;
}
