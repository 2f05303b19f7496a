/**
 * The layer description carries the zip's SHA-256, so a run can tell whether
 * a region's latest version already holds this content (Lambda's own
 * CodeSha256 is only returned by GetLayerVersion, one call per version).
 */
export const FILLER_DESCRIPTION =
  'logdrain filler: keeps version numbers equal across regions; do not use';

const SHA256_IN_DESCRIPTION = /\bsha256:([0-9a-f]{64})\b/;

/** `logdrain-webhook 0.1.0 sha256:<hex>` (at most 256 characters). */
export function describeLayer(opts: {
  name: string;
  appVersion: string | undefined;
  sha256: string;
}): string {
  const version = opts.appVersion ? ` ${opts.appVersion}` : '';
  return `${opts.name}${version} sha256:${opts.sha256}`.slice(-256);
}

/** The hex SHA-256 a description names, or undefined (fillers, foreign versions). */
export function sha256FromDescription(
  description: string | undefined
): string | undefined {
  if (description === undefined || description === FILLER_DESCRIPTION) {
    return undefined;
  }
  return SHA256_IN_DESCRIPTION.exec(description)?.[1];
}

/** Whether a version is one of our fillers. */
export function isFiller(description: string | undefined): boolean {
  return description === FILLER_DESCRIPTION;
}
