import { parseArgs } from 'node:util';
import { toRunSettings, UsageError } from './cli-options.js';
import { formatSummary } from './cli-print.js';
import { summarise } from './cli-summary.js';
import { CLI_OPTIONS, usage } from './cli-usage.js';
import { startSandbox } from './sandbox.js';
import type { InvokeResult } from './types.js';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  if (values.help) {
    console.log(usage());
    return 0;
  }
  if (positionals[0] !== 'run' || positionals.length > 1) {
    const got = positionals.join(' ') || 'nothing';
    throw new UsageError(`command: got ${got}; allowed: run (see --help)`);
  }
  const settings = toRunSettings(values);
  const sandbox = await startSandbox(settings.sandbox);
  // Ctrl-C: kill the environment's processes before leaving.
  const interrupt = (): void => {
    void sandbox[Symbol.asyncDispose]().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    // Managed Instances take up to maxConcurrency invokes at once.
    const atOnce =
      settings.sandbox.mode === 'managed-instances'
        ? (settings.sandbox.maxConcurrency ?? 4)
        : 1;
    const results: InvokeResult[] = [];
    while (results.length < settings.invokes) {
      const count = Math.min(atOnce, settings.invokes - results.length);
      const group = Array.from({ length: count }, () =>
        sandbox.invoke(settings.payload)
      );
      results.push(...(await Promise.all(group)));
    }
    const shutdown = await sandbox.shutdown();
    const summary = summarise(sandbox, results, shutdown);
    if (settings.json) {
      console.log(JSON.stringify(summary, null, 2));
    } else {
      if (settings.verbose) {
        for (const line of sandbox.extensionOutput) console.log(`| ${line}`);
      }
      for (const line of formatSummary(summary)) console.log(line);
    }
    return 0;
  } finally {
    await sandbox[Symbol.asyncDispose]();
  }
}

function parseCommandLine(argv: string[]) {
  const options = Object.fromEntries(
    CLI_OPTIONS.map((o) => [
      o.name,
      o.multiple ? { type: o.type, multiple: true } : { type: o.type },
    ])
  ) as Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (see --help)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`logdrain-sandbox: ${message}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
);
