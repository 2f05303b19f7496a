/** The CPU architectures logdrain layers are published for. */
export const LAYER_ARCHITECTURES = ['x86_64', 'arm64'] as const;
export type LayerArchitecture = (typeof LAYER_ARCHITECTURES)[number];

/**
 * One published layer version in one region, as `infra/publish` writes it
 * into `layers.json`.
 */
export interface LayerRecord {
  /** The layer's name, e.g. `logdrain-webhook`. */
  readonly layer: string;
  readonly version: number;
  readonly region: string;
  readonly architecture: LayerArchitecture;
  /** The layer version ARN, ending in `:<version>`. */
  readonly arn: string;
  /** Hex SHA-256 of the layer zip. */
  readonly sha256: string;
}

/**
 * Checks the parsed text of a `layers.json` file and returns its rows; throws
 * an Error naming the first malformed row and what is wrong with it.
 *
 * @example
 * const records = parseLayerRecords(JSON.parse(readFileSync('layers.json', 'utf8')));
 */
export function parseLayerRecords(value: unknown): LayerRecord[] {
  const rows =
    value !== null && typeof value === 'object' && 'layers' in value
      ? (value as { layers: unknown }).layers
      : value;
  if (!Array.isArray(rows)) {
    throw new Error(
      'layers.json: expected an array of rows { layer, version, region, architecture, arn, sha256 }'
    );
  }
  return rows.map((row: unknown, index) => {
    const problem = checkRow(row);
    if (problem !== undefined) {
      throw new Error(`layers.json: row ${index} ${problem}`);
    }
    const r = row as LayerRecord;
    return Object.freeze({
      layer: r.layer,
      version: r.version,
      region: r.region,
      architecture: r.architecture,
      arn: r.arn,
      sha256: r.sha256,
    });
  });
}

function checkRow(row: unknown): string | undefined {
  if (row === null || typeof row !== 'object') return 'is not an object';
  const r = row as Record<string, unknown>;
  for (const key of ['layer', 'region', 'arn', 'sha256']) {
    if (typeof r[key] !== 'string' || r[key] === '') {
      return `has no string "${key}"`;
    }
  }
  if (!Number.isInteger(r.version) || (r.version as number) < 1) {
    return 'has no positive integer "version"';
  }
  if (!(LAYER_ARCHITECTURES as readonly unknown[]).includes(r.architecture)) {
    return `has architecture ${JSON.stringify(r.architecture)} (allowed: ${LAYER_ARCHITECTURES.join(', ')})`;
  }
  return undefined;
}

/**
 * For one layer and architecture: region → the ARN of the chosen version
 * (the given one, else the highest published in that region).
 *
 * @example
 * layerArnsByRegion({ records, layer: 'logdrain-s3', architecture: 'arm64' });
 * // → { 'eu-west-1': 'arn:aws:lambda:eu-west-1:…:layer:logdrain-s3:7', … }
 */
export function layerArnsByRegion(opts: {
  readonly records: readonly LayerRecord[];
  readonly layer: string;
  readonly architecture: LayerArchitecture;
  readonly version?: number;
}): Record<string, string> {
  const chosen = new Map<string, LayerRecord>();
  for (const record of opts.records) {
    if (record.layer !== opts.layer) continue;
    if (record.architecture !== opts.architecture) continue;
    if (opts.version !== undefined && record.version !== opts.version) continue;
    const seen = chosen.get(record.region);
    if (seen === undefined || record.version > seen.version) {
      chosen.set(record.region, record);
    }
  }
  const sorted = [...chosen.keys()].sort();
  return Object.fromEntries(
    sorted.map((region) => [region, chosen.get(region)?.arn ?? ''])
  );
}
