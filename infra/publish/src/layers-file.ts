import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Architecture } from './layer-list.js';

/** One row of layers.json: a layer version usable in a region by an architecture. */
export interface PublishedLayer {
  readonly layer: string;
  readonly version: number;
  readonly region: string;
  readonly architecture: Architecture;
  readonly arn: string;
  /** Hex SHA-256 of the published zip. */
  readonly sha256: string;
}

/** The layers.json document. */
export interface LayersFile {
  readonly schemaVersion: 1;
  readonly layers: readonly PublishedLayer[];
}

const ARCH_ORDER: readonly string[] = ['x86_64', 'arm64'];

/** Sorts rows by layer name, then region in `regionOrder`, then architecture. */
export function sortRows(
  rows: readonly PublishedLayer[],
  regionOrder: readonly string[]
): PublishedLayer[] {
  const regionIndex = (code: string) => {
    const index = regionOrder.indexOf(code);
    return index === -1 ? regionOrder.length : index;
  };
  return [...rows].sort(
    (a, b) =>
      a.layer.localeCompare(b.layer) ||
      regionIndex(a.region) - regionIndex(b.region) ||
      a.region.localeCompare(b.region) ||
      ARCH_ORDER.indexOf(a.architecture) - ARCH_ORDER.indexOf(b.architecture)
  );
}

/**
 * Replaces the rows of the (layer, region) pairs read afresh and keeps
 * every other row, so a run over some regions or layers does not forget the rest.
 */
export function mergeRows(opts: {
  previous: readonly PublishedLayer[];
  fresh: readonly PublishedLayer[];
  covered: ReadonlyArray<{ layer: string; region: string }>;
}): PublishedLayer[] {
  const isCovered = (row: PublishedLayer) =>
    opts.covered.some((c) => c.layer === row.layer && c.region === row.region);
  return [...opts.previous.filter((row) => !isCovered(row)), ...opts.fresh];
}

/** The rows of a layers.json file; none when the file does not exist. */
export function readLayersFile(file: string): PublishedLayer[] {
  if (!existsSync(file)) return [];
  const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<LayersFile>;
  if (data.schemaVersion !== 1 || !Array.isArray(data.layers)) {
    throw new Error(`${file} is not a layers.json (schemaVersion 1) file`);
  }
  return [...data.layers];
}

/** Writes layers.json (two-space JSON with one flat object per row, stable under Biome). */
export function writeLayersFile(
  file: string,
  rows: readonly PublishedLayer[]
): void {
  const doc: LayersFile = {
    schemaVersion: 1,
    layers: rows.map((r) => ({
      layer: r.layer,
      version: r.version,
      region: r.region,
      architecture: r.architecture,
      arn: r.arn,
      sha256: r.sha256,
    })),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
}
