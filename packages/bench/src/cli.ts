import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineOf } from './baseline.js';
import { evaluateBudgets, runFailures } from './budgets.js';
import { formatValue } from './format.js';
import { HELP, parseBenchArgs, UsageError } from './options.js';
import { replaceBenchSection } from './readme-section.js';
import { renderSvg } from './report-svg.js';
import { renderTable } from './report-table.js';
import type { BenchReport } from './results.js';
import { runSuite } from './run-suite.js';

/** The repository root: this file is packages/bench/dist/cli.js. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function write(path: string, text: string) {
  const absolute = resolve(ROOT, path);
  await mkdir(dirname(absolute), { recursive: true });
  await writeFile(absolute, text);
  process.stderr.write(`wrote ${path}\n`);
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseBenchArgs>;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${HELP}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const started = Date.now();
  const report: BenchReport = options.fromJson
    ? JSON.parse(await readFile(resolve(ROOT, options.fromJson), 'utf8'))
    : await runSuite({
        root: ROOT,
        options,
        progress: (line) => {
          const s = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
          process.stderr.write(`[${s} s] ${line}\n`);
        },
      });
  process.stdout.write(renderTable(report));
  if (options.jsonPath && !options.fromJson) {
    await write(options.jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  }
  if (options.svgPath) await write(options.svgPath, renderSvg(report));
  if (options.readmePath) {
    const readme = await readFile(resolve(ROOT, options.readmePath), 'utf8');
    await write(options.readmePath, replaceBenchSection(readme, report));
  }
  const failures = runFailures(
    report.subjects.flatMap((s) =>
      evaluateBudgets(s, baselineOf(report.subjects, s))
    )
  );
  for (const failure of failures) {
    process.stderr.write(
      `size budget exceeded: ${failure.subject} zip is ${formatValue(failure.compared, 'bytes')}, budget ${failure.budget.text}\n`
    );
  }
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
