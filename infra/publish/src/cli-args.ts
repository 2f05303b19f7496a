import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

export const HELP = `Usage: pnpm publish-layers [options]

Publishes every logdrain layer zip (the layer list) to AWS Lambda in every
chosen region, with the same version number everywhere, and shares each
version. Build the layers first (pnpm build, and pnpm build:standalone for
the -standalone-<architecture> layers). Credentials come from the usual AWS
chain (environment, profile, OIDC web identity).

What it does, per layer:
  1. reads every region's versions (ListLayerVersions);
  2. target version = the highest latest version M if every region at M
     already holds this zip (its SHA-256 is kept in the description), else M+1;
  3. a region already at the target with this zip is skipped (its sharing
     is checked and repaired); a region behind gets filler versions (a tiny
     zip without an extension, described "logdrain filler") up to target-1,
     then the layer at the target;
  4. every version published is shared with AddLayerVersionPermission
     (public by default);
  5. layers.json and the Markdown table are rewritten from what the regions
     hold afterwards (rows of regions not covered by this run are kept).
Node.js layers are architecture-independent: one version per region lists
both x86_64 and arm64 (layers.json has one row per architecture, same ARN).

Options:
  --layers <a,b>          layers to publish (default: all in the layer list)
  --regions <spec>        all (default), default (not opt-in), opt-in, or a
                          comma-separated list of region codes
  --dry-run               read the regions and print the plan; change nothing
  --no-fill               refuse (for that region) instead of publishing
                          filler versions to level a lagging region
  --principal <id|*>      share with this account id (12 digits) or * (public);
                          repeatable; default: public
  --organization <o-id>   share with every account of this organisation
  --private               share with nobody
  --concurrency <n>       regions worked on at once (default 8)
  --plan-out <file>       write the computed target versions (JSON)
  --plan <file>           use the target versions of a plan written by
                          --plan-out (release matrix: one region per job)
  --inventory             publish nothing: read the regions and rewrite
                          layers.json and the table
  --no-write              do not write layers.json or the table
  --out <file>            layers.json path (default: docs/layers.json)
  --table <file>          Markdown table path (default: docs/layers.md)
  --layer-list <file>     default: infra/publish/layer-list.json
  --regions-file <file>   default: infra/publish/regions.json
  --root <dir>            where zip paths start (default: the repository root)
  --endpoint <url>        send every call to this endpoint (e.g. moto)
  --max-attempts <n>      attempts per AWS call on throttling (default 8)
  -h, --help              this text

Exit status: 0 every region succeeded (or the plan is clean), 1 at least one
region failed or was refused (the summary lists them; the others completed),
2 bad options, data files or missing zips (nothing was published).
`;

export interface CliArgs {
  help: boolean;
  layers: string | undefined;
  regions: string;
  dryRun: boolean;
  fill: boolean;
  principals: string[];
  organization: string | undefined;
  private: boolean;
  concurrency: number;
  planOut: string | undefined;
  plan: string | undefined;
  inventory: boolean;
  write: boolean;
  out: string | undefined;
  table: string | undefined;
  layerList: string | undefined;
  regionsFile: string | undefined;
  root: string | undefined;
  endpoint: string | undefined;
  maxAttempts: number;
}

function positiveInt(
  name: string,
  text: string | undefined,
  fallback: number
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 64) {
    throw new UsageError(
      `--${name} ${text}: expected a whole number from 1 to 64`
    );
  }
  return value;
}

/** Parses the command line; a UsageError names the bad option. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.plan !== undefined && v['plan-out'] !== undefined) {
    throw new UsageError('--plan and --plan-out cannot be used together');
  }
  if (v.endpoint !== undefined && !/^https?:\/\//.test(v.endpoint)) {
    throw new UsageError(`--endpoint ${v.endpoint}: expected an http(s) URL`);
  }
  return {
    help: v.help ?? false,
    layers: v.layers,
    regions: v.regions ?? 'all',
    dryRun: v['dry-run'] ?? false,
    fill: !(v['no-fill'] ?? false),
    principals: v.principal ?? [],
    organization: v.organization,
    private: v.private ?? false,
    concurrency: positiveInt('concurrency', v.concurrency, 8),
    planOut: v['plan-out'],
    plan: v.plan,
    inventory: v.inventory ?? false,
    write: !(v['no-write'] ?? false),
    out: v.out,
    table: v.table,
    layerList: v['layer-list'],
    regionsFile: v['regions-file'],
    root: v.root,
    endpoint: v.endpoint,
    maxAttempts: positiveInt('max-attempts', v['max-attempts'], 8),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: false,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      layers: { type: 'string' },
      regions: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'no-fill': { type: 'boolean' },
      principal: { type: 'string', multiple: true },
      organization: { type: 'string' },
      private: { type: 'boolean' },
      concurrency: { type: 'string' },
      'plan-out': { type: 'string' },
      plan: { type: 'string' },
      inventory: { type: 'boolean' },
      'no-write': { type: 'boolean' },
      out: { type: 'string' },
      table: { type: 'string' },
      'layer-list': { type: 'string' },
      'regions-file': { type: 'string' },
      root: { type: 'string' },
      endpoint: { type: 'string' },
      'max-attempts': { type: 'string' },
    },
  });
}
