import { parseArgs } from 'node:util';
import { SUBJECTS } from './subjects.js';

/** What one `pnpm bench` run measures and where it writes. */
export interface BenchOptions {
  readonly quick: boolean;
  /** Layer names to measure; the null extension always runs. */
  readonly layers: readonly string[];
  /** Layers whose throughput is searched (empty: none). */
  readonly throughput: readonly string[];
  /** undefined: no file. */
  readonly jsonPath: string | undefined;
  readonly svgPath: string | undefined;
  /** Render this earlier JSON report instead of measuring. */
  readonly fromJson: string | undefined;
  /** A README whose bench section is rewritten; undefined: none. */
  readonly readmePath: string | undefined;
  readonly coldStarts: number;
  readonly steadyInvokes: number;
  readonly sporadicInvokes: number;
  readonly loadInvokes: number;
  readonly help: boolean;
}

const LAYER_NAMES = SUBJECTS.filter((s) => s.kind === 'layer').map(
  (s) => s.name
);

/** `--help`: every option. */
export const HELP = `Usage: pnpm bench [options]

Runs every built layer in the sandbox beside a null extension (plain
Node.js: register, subscribe, acknowledge, next; for a layer that carries
its own Node.js, one on that binary) and \`node -e ''\`, and
prints one table: spawn → register and spawn → ready over cold starts (each
layer's alternated with the null extension's), post-runtime time for steady
and sporadic traffic (the layers at their default settings), peak RSS and
CPU at 10,000 lines per invoke, logsDropped and lost lines, the highest sustained throughput with the CPU per line its best
step cost the extension, the emulator and runtime, and the webhook receiver
(the extension's capacity on one core, the ceiling of the machine's cores),
and the layer sizes, each with its ratio to the null extension and issue 9's
budget; notes give the machine's busy share in each phase (/proc/stat).
Progress goes to stderr. Exits 1 when a layer zip exceeds its size budget,
2 on bad options.

Options:
  --quick                 short run for CI: 3 cold starts, 30 steady and
                          2 sporadic invokes, 2 heavy invokes, no throughput
                          search, no files unless --json/--svg are given
  --layers a,b            layers to measure, of ${LAYER_NAMES.join(', ')}
                          (default: all; one whose zip is missing or whose
                          destination server does not start is skipped)
  --throughput a,b|all|none
                          layers whose throughput is searched (default:
                          all; none with --quick)
  --json PATH             write the results as JSON (default docs/bench.json
                          for a full run of every layer; with --quick or
                          --layers only when given)
  --svg PATH              write the chart (default docs/bench.svg, as --json)
  --readme PATH           rewrite the table between <!-- bench:begin -->
                          and <!-- bench:end --> in PATH (e.g. README.md)
  --from-json PATH        measure nothing: print, chart and write the
                          report of an earlier run (with --svg, --readme;
                          rows an older run did not measure show —)
  --cold-starts N         cold starts per layer (default 10)
  --steady-invokes N      back-to-back invokes measured (default 300)
  --sporadic-invokes N    invokes 2.2 s apart (default 5)
  --heavy-invokes N       invokes of 10,000 lines (default 10)
  --help                  this text
`;

/** Thrown for an option `pnpm bench` does not accept. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function count(text: string | undefined, fallback: number, name: string) {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`--${name} must be a whole number ≥ 1, got ${text}`);
  }
  return value;
}

function names(text: string, option: string): string[] {
  const list = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of list) {
    if (!LAYER_NAMES.includes(name)) {
      throw new UsageError(
        `--${option}: unknown layer ${name}; allowed: ${LAYER_NAMES.join(', ')}`
      );
    }
  }
  return list;
}

/**
 * Parses `pnpm bench`'s arguments; paths stay as given (the CLI resolves
 * them against the repository root).
 */
export function parseBenchArgs(args: readonly string[]): BenchOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        quick: { type: 'boolean', default: false },
        layers: { type: 'string' },
        throughput: { type: 'string' },
        json: { type: 'string' },
        svg: { type: 'string' },
        readme: { type: 'string' },
        'from-json': { type: 'string' },
        'cold-starts': { type: 'string' },
        'steady-invokes': { type: 'string' },
        'sporadic-invokes': { type: 'string' },
        'heavy-invokes': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const quick = values.quick === true;
  const str = (key: string) =>
    typeof values[key] === 'string' ? (values[key] as string) : undefined;
  // Only a full run of every layer replaces the committed report.
  const writesDocs = !quick && str('layers') === undefined;
  const throughputText = str('throughput') ?? (quick ? 'none' : undefined);
  let throughput: string[] = LAYER_NAMES;
  if (throughputText === 'none') throughput = [];
  else if (throughputText !== undefined && throughputText !== 'all') {
    throughput = names(throughputText, 'throughput');
  }
  return {
    quick,
    layers: names(str('layers') ?? LAYER_NAMES.join(','), 'layers'),
    throughput,
    jsonPath: str('json') ?? (writesDocs ? 'docs/bench.json' : undefined),
    svgPath: str('svg') ?? (writesDocs ? 'docs/bench.svg' : undefined),
    readmePath: str('readme'),
    fromJson: str('from-json'),
    coldStarts: count(str('cold-starts'), quick ? 3 : 10, 'cold-starts'),
    steadyInvokes: count(
      str('steady-invokes'),
      quick ? 30 : 300,
      'steady-invokes'
    ),
    sporadicInvokes: count(
      str('sporadic-invokes'),
      quick ? 2 : 5,
      'sporadic-invokes'
    ),
    loadInvokes: count(str('heavy-invokes'), quick ? 2 : 10, 'heavy-invokes'),
    help: values.help === true,
  };
}
