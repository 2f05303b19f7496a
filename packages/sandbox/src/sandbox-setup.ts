import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedOptions } from './context.js';
import { checkLineSettings } from './generated-lines.js';
import type { SandboxOptions } from './types.js';

/** Regular files in /opt/extensions, sorted (spec 1.5). */
export async function findExtensions(optDir: string): Promise<string[]> {
  const dir = join(optDir, 'extensions');
  if (existsSync(join(optDir, 'disable-extensions-jwigqn8j'))) return [];
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: string[] = [];
  for (const name of names.sort()) {
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (info?.isFile()) files.push(name);
  }
  return files;
}

/** dist/runtime-client.js next to the built library, or from src in tests. */
export function findRuntimeClient(): string {
  const candidates = [
    new URL('./runtime-client.js', import.meta.url),
    new URL('../dist/runtime-client.js', import.meta.url),
  ].map((url) => fileURLToPath(url));
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `the runtime client was not found at ${candidates.join(' or ')}; build @logdrain/sandbox first`
    );
  }
  return found;
}

/** A .js, .mjs or .cjs handler runs in the built-in Node.js runtime client. */
const JS_MODULE = /\.[cm]?js$/;

/** How a handler runs when `runtime` is not given: by its file name. */
export function runtimeOf(
  handler: string,
  runtime: SandboxOptions['runtime']
): 'node' | 'bootstrap' {
  return runtime ?? (JS_MODULE.test(handler) ? 'node' : 'bootstrap');
}

/** The options with their defaults; throws on a combination that cannot run. */
export function resolveOptions(o: SandboxOptions): ResolvedOptions {
  const runtime = runtimeOf(o.handler, o.runtime);
  if (runtime !== 'node' && runtime !== 'bootstrap') {
    throw new Error(
      `runtime must be 'node' or 'bootstrap', got ${JSON.stringify(runtime)}`
    );
  }
  const nodePath = o.nodePath ?? process.execPath;
  if (runtime === 'node' && nodePath === 'none') {
    throw new Error(
      `handler ${o.handler} runs in the Node.js runtime client, but nodePath is 'none'; give a bootstrap executable (runtime: 'bootstrap') or a Node.js binary as nodePath`
    );
  }
  const mode = o.mode ?? 'default';
  if (mode !== 'default' && mode !== 'managed-instances') {
    throw new Error(
      `mode must be 'default' or 'managed-instances', got ${JSON.stringify(mode)}`
    );
  }
  const maxConcurrency = o.maxConcurrency ?? 4;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
    throw new Error(
      `maxConcurrency must be a whole number >= 1, got ${maxConcurrency}`
    );
  }
  const { lines, lineBytes } = checkLineSettings(
    { lines: o.lines ?? 0, lineBytes: o.lineBytes ?? 100 },
    runtime
  );
  return {
    layers: o.layers,
    handler: o.handler,
    runtime,
    env: o.env ?? {},
    functionName: o.functionName ?? 'sandbox-function',
    functionVersion: '$LATEST',
    memorySizeMb: o.memorySizeMb ?? 128,
    timeoutMs: o.timeoutMs ?? 3_000,
    region: o.region ?? 'us-east-1',
    accountId: o.accountId ?? '123456789012',
    logFormat: o.logFormat ?? 'Text',
    nodePath,
    initTimeoutMs: o.initTimeoutMs ?? 10_000,
    shutdownBudgetMs: o.shutdownBudgetMs ?? 2_000,
    telemetry: o.telemetry ?? 'supported',
    freeze: o.freeze ?? true,
    telemetryBufferMaxBytes: o.telemetryBufferMaxBytes ?? 8 * 1024 * 1024,
    deliveryTimeoutMs: o.deliveryTimeoutMs ?? 5_000,
    lines,
    lineBytes,
    mode,
    maxConcurrency,
  };
}
