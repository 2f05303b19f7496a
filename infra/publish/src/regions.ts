import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error.js';

/** One commercial region from regions.json. */
export interface Region {
  readonly code: string;
  readonly name: string;
  /** Must be enabled in the account before anything can be published there. */
  readonly optIn: boolean;
}

const REGION_CODE = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Reads and checks a regions file: `{ "regions": [{ code, name, optIn }] }`. */
export function loadRegions(file: string): Region[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `cannot read the regions file ${file}: ${(error as Error).message}`
    );
  }
  const list = (data as { regions?: unknown }).regions;
  if (!Array.isArray(list) || list.length === 0) {
    throw new UsageError(`${file} has no "regions" array`);
  }
  return list.map((item, index) => {
    const { code, name, optIn } = item as Partial<Region>;
    if (
      typeof code !== 'string' ||
      !REGION_CODE.test(code) ||
      typeof name !== 'string' ||
      typeof optIn !== 'boolean'
    ) {
      throw new UsageError(
        `${file}: regions[${index}] needs a code like "us-east-1", a name and optIn true/false`
      );
    }
    return { code, name, optIn };
  });
}

/**
 * Picks regions: `all` (default), `default` (those not opt-in), `opt-in`, or a
 * comma-separated list of codes, each of which must be in the file.
 */
export function selectRegions(all: readonly Region[], spec = 'all'): Region[] {
  if (spec === 'all') return [...all];
  if (spec === 'default') return all.filter((region) => !region.optIn);
  if (spec === 'opt-in') return all.filter((region) => region.optIn);
  const codes = spec
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '');
  const unknown = codes.filter((code) => !all.some((r) => r.code === code));
  if (codes.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `--regions: unknown region ${unknown.join(', ') || '(none given)'}; use all, default, opt-in or codes from the regions file`
    );
  }
  return all.filter((region) => codes.includes(region.code));
}
