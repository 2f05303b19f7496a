import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { runCli } from '../../src/cli.js';
import type { LayersFile } from '../../src/layers-file.js';

export const REGIONS_FILE = resolve(import.meta.dirname, '../../regions.json');

/**
 * A throwaway repository root with a layer list and two small fake zips: a
 * Node-runtime layer for both architectures and a standalone one for arm64.
 */
export interface PublishWorkspace {
  readonly root: string;
  /** Rewrites a layer's zip with new content. */
  writeZip(
    layer: 'logdrain-a' | 'logdrain-a-standalone-arm64',
    content: string
  ): void;
  /** Runs the CLI in-process; clients go to moto unless `clientFor` overrides a region. */
  run(
    args: readonly string[],
    opts?: { clientFor?: (region: string) => LambdaClient | undefined }
  ): Promise<{ status: number; out: string[]; err: string[] }>;
  readLayersJson(): LayersFile;
  readTable(): string;
}

export function motoClient(endpoint: string, region: string): LambdaClient {
  return new LambdaClient({
    region,
    endpoint,
    maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

export function createPublishWorkspace(motoUrl: string): PublishWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'publish-ws-'));
  mkdirSync(join(root, 'zips'));
  writeFileSync(
    join(root, 'layer-list.json'),
    JSON.stringify({
      layers: [
        {
          name: 'logdrain-a',
          zip: 'zips/a.zip',
          packageJson: 'a-package.json',
          architectures: ['x86_64', 'arm64'],
          compatibleRuntimes: ['nodejs22.x', 'nodejs20.x'],
        },
        {
          name: 'logdrain-a-standalone-arm64',
          zip: 'zips/b.zip',
          architectures: ['arm64'],
          compatibleRuntimes: ['provided.al2023', 'python3.13'],
        },
      ],
    })
  );
  writeFileSync(join(root, 'a-package.json'), '{ "version": "1.2.3" }');
  const zipFile = {
    'logdrain-a': 'a.zip',
    'logdrain-a-standalone-arm64': 'b.zip',
  };
  const workspace: PublishWorkspace = {
    root,
    writeZip(layer, content) {
      writeFileSync(join(root, 'zips', zipFile[layer]), `PK fake ${content}`);
    },
    async run(args, opts = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const status = await runCli(
        [
          '--root',
          root,
          '--layer-list',
          'layer-list.json',
          '--regions-file',
          REGIONS_FILE,
          ...args,
        ],
        {
          out: (line) => out.push(line),
          err: (line) => err.push(line),
          clientFor: (region) =>
            opts.clientFor?.(region) ?? motoClient(motoUrl, region),
          retry: { sleep: async () => {} },
        }
      );
      return { status, out, err };
    },
    readLayersJson() {
      return JSON.parse(
        readFileSync(join(root, 'docs/layers.json'), 'utf8')
      ) as LayersFile;
    },
    readTable() {
      return readFileSync(join(root, 'docs/layers.md'), 'utf8');
    },
  };
  workspace.writeZip('logdrain-a', 'a1');
  workspace.writeZip('logdrain-a-standalone-arm64', 'b1');
  return workspace;
}
