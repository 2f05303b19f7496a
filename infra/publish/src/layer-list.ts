import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './usage-error.js';

export type Architecture = 'x86_64' | 'arm64';

export const ARCHITECTURES: readonly Architecture[] = ['x86_64', 'arm64'];

/** One layer as the list file describes it. */
export interface LayerEntry {
  readonly name: string;
  /** Relative to the repository root. */
  readonly zip: string;
  /** Whose `version` goes into the layer description. */
  readonly packageJson?: string;
  readonly architectures: readonly Architecture[];
  readonly compatibleRuntimes?: readonly string[];
  readonly license?: string;
}

/** A layer ready to publish: its entry plus the zip's bytes and hash. */
export interface LayerArtifact extends LayerEntry {
  readonly zipBytes: Uint8Array;
  /** Hex SHA-256 of the zip. */
  readonly sha256: string;
  /** The app's version (package.json), or undefined. */
  readonly appVersion: string | undefined;
}

const LAYER_NAME = /^[a-zA-Z0-9_-]{1,140}$/;

/**
 * Layer names say which flavour they are: a layer for one architecture (a
 * standalone layer, carrying a native Node.js binary) is named
 * `<name>-<architecture>`, and only such a layer is.
 */
function checkArchitectureInName(
  name: string,
  architectures: readonly Architecture[]
): string | undefined {
  const named = ARCHITECTURES.find((arch) => name.endsWith(`-${arch}`));
  const only = architectures.length === 1 ? architectures[0] : undefined;
  if (named === only) return undefined;
  return only === undefined
    ? `the name ends in -${named}, so architectures must be ["${named}"] alone`
    : `a layer for ${only} alone must be named <name>-${only}`;
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `cannot read ${what} ${file}: ${(error as Error).message}`
    );
  }
}

/** Reads and checks the layer list file: `{ "layers": [LayerEntry] }`. */
export function loadLayerList(file: string): LayerEntry[] {
  const list = (readJson(file, 'the layer list') as { layers?: unknown })
    .layers;
  if (!Array.isArray(list) || list.length === 0) {
    throw new UsageError(`${file} has no "layers" array`);
  }
  return list.map((item, index) => {
    const entry = item as Partial<LayerEntry>;
    const where = `${file}: layers[${index}]`;
    if (typeof entry.name !== 'string' || !LAYER_NAME.test(entry.name)) {
      throw new UsageError(`${where} needs a name of letters, digits, - and _`);
    }
    if (typeof entry.zip !== 'string') {
      throw new UsageError(`${where} (${entry.name}) needs a zip path`);
    }
    const architectures = entry.architectures ?? [];
    if (
      architectures.length === 0 ||
      architectures.some((arch) => !ARCHITECTURES.includes(arch))
    ) {
      throw new UsageError(
        `${where} (${entry.name}): architectures must list x86_64 and/or arm64`
      );
    }
    const naming = checkArchitectureInName(entry.name, architectures);
    if (naming !== undefined) {
      throw new UsageError(`${where} (${entry.name}): ${naming}`);
    }
    if ((entry.compatibleRuntimes?.length ?? 0) > 15) {
      throw new UsageError(
        `${where} (${entry.name}): at most 15 compatibleRuntimes`
      );
    }
    return { ...entry, name: entry.name, zip: entry.zip, architectures };
  });
}

/** Keeps the named layers (comma-separated), or all when `spec` is undefined. */
export function selectLayers(
  all: readonly LayerEntry[],
  spec: string | undefined
): LayerEntry[] {
  if (spec === undefined) return [...all];
  const names = spec.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !all.some((l) => l.name === name));
  if (unknown.length > 0) {
    throw new UsageError(
      `--layers: ${unknown.join(', ')} not in the layer list (${all.map((l) => l.name).join(', ')})`
    );
  }
  return all.filter((layer) => names.includes(layer.name));
}

/** Reads each layer's zip (relative to `rootDir`) and hashes it; a missing zip is a UsageError. */
export function readArtifacts(
  entries: readonly LayerEntry[],
  rootDir: string
): LayerArtifact[] {
  return entries.map((entry) => {
    const zipPath = resolve(rootDir, entry.zip);
    if (!existsSync(zipPath)) {
      throw new UsageError(
        `${entry.name}: ${zipPath} does not exist; build the layers first (${entry.architectures.length === 1 ? 'pnpm build:standalone' : 'pnpm build'})`
      );
    }
    const zipBytes = readFileSync(zipPath);
    if (zipBytes.length > 50 * 1024 * 1024) {
      throw new UsageError(
        `${entry.name}: ${zipPath} is over the 50 MB direct upload limit`
      );
    }
    const pkg = entry.packageJson
      ? (readJson(resolve(rootDir, entry.packageJson), 'package.json') as {
          version?: string;
        })
      : undefined;
    return {
      ...entry,
      zipBytes,
      sha256: createHash('sha256').update(zipBytes).digest('hex'),
      appVersion: pkg?.version,
    };
  });
}
