import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { type CliArgs, HELP, parseCliArgs } from './cli-args.js';
import { collectInventory } from './inventory.js';
import { loadLayerList, readArtifacts, selectLayers } from './layer-list.js';
import {
  mergeRows,
  readLayersFile,
  sortRows,
  writeLayersFile,
} from './layers-file.js';
import { renderLayersTable } from './layers-table.js';
import { publishLayers } from './publish-layers.js';
import { loadRegions, type Region, selectRegions } from './regions.js';
import type { RetryPolicy } from './retry.js';
import { shareStatements } from './sharing.js';
import { formatPlan, formatSummary, type PlanFile } from './summary.js';
import { UsageError } from './usage-error.js';

/** Where output goes and how clients are made (tests replace them). */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly clientFor?: (
    region: string,
    endpoint: string | undefined
  ) => LambdaClient;
  readonly retry?: RetryPolicy;
}

/** infra/publish/dist/cli.js → the repository root. */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const defaultClient = (region: string, endpoint: string | undefined) =>
  new LambdaClient({ region, endpoint, maxAttempts: 1 });

/** Runs the command; resolves with the exit status (0 ok, 1 a region failed, 2 usage). */
export async function runCli(
  argv: readonly string[],
  io: CliIo
): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.out(HELP);
      return 0;
    }
    return await run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`publish-layers: ${error.message}`);
      io.err('Run with --help for the options.');
      return 2;
    }
    throw error;
  }
}

async function run(args: CliArgs, io: CliIo): Promise<number> {
  const root = resolve(args.root ?? REPO_ROOT);
  const allRegions = loadRegions(
    resolve(root, args.regionsFile ?? 'infra/publish/regions.json')
  );
  const regions = selectRegions(allRegions, args.regions);
  const entries = selectLayers(
    loadLayerList(
      resolve(root, args.layerList ?? 'infra/publish/layer-list.json')
    ),
    args.layers
  );
  const makeClient = io.clientFor ?? defaultClient;
  const clients = new Map<string, LambdaClient>();
  const clientFor = (region: string) => {
    let client = clients.get(region);
    if (!client) {
      client = makeClient(region, args.endpoint);
      clients.set(region, client);
    }
    return client;
  };
  const retry = { ...io.retry, maxAttempts: args.maxAttempts };
  try {
    let status = 0;
    if (!args.inventory) {
      let statements: ReturnType<typeof shareStatements>;
      try {
        statements = shareStatements({
          principals: args.principals,
          organizationId: args.organization,
          private: args.private,
        });
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const artifacts = readArtifacts(entries, root);
      const result = await publishLayers({
        artifacts,
        regions,
        clientFor,
        statements,
        fill: args.fill,
        dryRun: args.dryRun,
        concurrency: args.concurrency,
        targets: args.plan ? readPlan(resolve(args.plan)).targets : undefined,
        retry,
        log: io.out,
      });
      if (args.dryRun) for (const line of formatPlan(result)) io.out(line);
      if (args.planOut) {
        const plan: PlanFile = { targets: result.targets };
        writeFileSync(
          resolve(args.planOut),
          `${JSON.stringify(plan, null, 2)}\n`
        );
        io.out(`plan written to ${args.planOut}`);
      }
      for (const line of formatSummary(result, { dryRun: args.dryRun }))
        io.out(line);
      status = result.failedRegions.length > 0 ? 1 : 0;
      if (args.dryRun) return status;
    }
    if (args.write) {
      status = Math.max(
        status,
        await writeOutputs({
          args,
          io,
          root,
          regions,
          allRegions,
          layers: entries.map((e) => e.name),
          clientFor,
          retry,
        })
      );
    }
    return status;
  } finally {
    for (const client of clients.values()) client.destroy();
  }
}

async function writeOutputs(opts: {
  args: CliArgs;
  io: CliIo;
  root: string;
  regions: readonly Region[];
  allRegions: readonly Region[];
  layers: readonly string[];
  clientFor: (region: string) => LambdaClient;
  retry: RetryPolicy;
}): Promise<number> {
  const outFile = resolve(opts.root, opts.args.out ?? 'docs/layers.json');
  const tableFile = resolve(opts.root, opts.args.table ?? 'docs/layers.md');
  const inventory = await collectInventory({
    regions: opts.regions.map((r) => r.code),
    layers: opts.layers,
    clientFor: opts.clientFor,
    concurrency: opts.args.concurrency,
    retry: opts.retry,
  });
  const rows = sortRows(
    mergeRows({
      previous: readLayersFile(outFile),
      fresh: inventory.rows,
      covered: inventory.covered,
    }),
    opts.allRegions.map((r) => r.code)
  );
  writeLayersFile(outFile, rows);
  writeFileSync(
    tableFile,
    renderLayersTable({ rows, regions: opts.allRegions })
  );
  opts.io.out(
    `wrote ${rows.length} row(s) to ${outFile} and the table to ${tableFile}`
  );
  if (inventory.failedRegions.length > 0) {
    opts.io.err(
      `could not read ${inventory.failedRegions.join(', ')}: their rows were kept from the previous file`
    );
    return 1;
  }
  return 0;
}

function readPlan(file: string): PlanFile {
  try {
    const plan = JSON.parse(readFileSync(file, 'utf8')) as PlanFile;
    if (!Array.isArray(plan.targets)) throw new Error('no "targets" array');
    return plan;
  } catch (error) {
    throw new UsageError(`--plan ${file}: ${(error as Error).message}`);
  }
}
