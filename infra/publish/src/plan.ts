import type { LayerState } from './layer-state.js';

/** The version every region must end at, and the content it must hold. */
export interface LayerTarget {
  readonly layer: string;
  readonly sha256: string;
  readonly version: number;
}

/** What one region needs for one layer. */
export type RegionAction =
  /** The latest version already is the target with this content. */
  | { readonly kind: 'unchanged'; readonly version: number }
  /** Publish fillers (possibly none), then the layer at `version`. */
  | {
      readonly kind: 'publish';
      readonly fillers: readonly number[];
      readonly version: number;
    }
  /** Cannot reach the target: the reason says why. */
  | { readonly kind: 'refuse'; readonly reason: string };

/**
 * The target version of a layer over every region read: the highest latest
 * version M if every region at M already holds this content, else M + 1
 * (1 for a new layer).
 */
export function computeTargetVersion(
  states: readonly LayerState[],
  sha256: string
): number {
  const highest = Math.max(0, ...states.map((s) => s.latest?.version ?? 0));
  if (highest === 0) return 1;
  const atHighest = states.filter((s) => s.latest?.version === highest);
  return atHighest.every((s) => s.latest?.sha256 === sha256)
    ? highest
    : highest + 1;
}

/** Decides what a region must do to reach `target` (pure). */
export function planRegion(opts: {
  state: LayerState;
  target: LayerTarget;
  fill: boolean;
}): RegionAction {
  const { state, target } = opts;
  const latest = state.latest?.version ?? 0;
  if (latest === target.version && state.latest?.sha256 === target.sha256) {
    return { kind: 'unchanged', version: latest };
  }
  if (latest >= target.version) {
    return {
      kind: 'refuse',
      reason: `already at version ${latest}, past the target ${target.version} with other content (the plan is stale: plan again)`,
    };
  }
  const fillers: number[] = [];
  for (let v = latest + 1; v < target.version; v++) fillers.push(v);
  if (fillers.length > 0 && !opts.fill) {
    return {
      kind: 'refuse',
      reason: `at version ${latest}, so reaching version ${target.version} needs ${fillers.length} filler version(s) (${fillers.join(', ')}); run without --no-fill to publish them`,
    };
  }
  return { kind: 'publish', fillers, version: target.version };
}

/** One line for the plan printout. */
export function describeAction(action: RegionAction): string {
  switch (action.kind) {
    case 'unchanged':
      return `unchanged at version ${action.version}`;
    case 'publish':
      return action.fillers.length > 0
        ? `publish fillers ${action.fillers.join(', ')}, then version ${action.version}`
        : `publish version ${action.version}`;
    case 'refuse':
      return `refused: ${action.reason}`;
  }
}
