import { describe, expect, it } from 'vitest';
import type { LayerState, LayerVersionInfo } from '../src/layer-state.js';
import {
  computeTargetVersion,
  describeAction,
  planRegion,
} from '../src/plan.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

function at(version: number, sha256: string | undefined): LayerState {
  const info: LayerVersionInfo = {
    version,
    arn: `arn:aws:lambda:us-east-1:123456789012:layer:x:${version}`,
    description: sha256 ? `x sha256:${sha256}` : 'other',
    sha256,
    filler: false,
    architectures: ['x86_64'],
  };
  return { latest: info, latestReal: info };
}

const none: LayerState = { latest: undefined, latestReal: undefined };

describe('computeTargetVersion', () => {
  it('starts a new layer at version 1', () => {
    expect(computeTargetVersion([none, none], A)).toBe(1);
  });

  it('keeps the highest version when every region there holds the content', () => {
    expect(computeTargetVersion([at(3, A), at(3, A), at(1, A)], A)).toBe(3);
  });

  it('goes one past the highest version when the content changed', () => {
    expect(computeTargetVersion([at(3, B), at(3, B)], A)).toBe(4);
  });

  it('goes one past when any region at the highest version holds other content', () => {
    expect(computeTargetVersion([at(3, A), at(3, B), at(2, A)], A)).toBe(4);
  });
});

describe('planRegion', () => {
  const target = { layer: 'x', sha256: A, version: 4 };

  it('leaves a region at the target with the same content unchanged', () => {
    expect(planRegion({ state: at(4, A), target, fill: true })).toEqual({
      kind: 'unchanged',
      version: 4,
    });
  });

  it('publishes the next version when the region is one behind', () => {
    expect(planRegion({ state: at(3, B), target, fill: true })).toEqual({
      kind: 'publish',
      fillers: [],
      version: 4,
    });
  });

  it('publishes fillers to bring a lagging region level', () => {
    expect(planRegion({ state: none, target, fill: true })).toEqual({
      kind: 'publish',
      fillers: [1, 2, 3],
      version: 4,
    });
  });

  it('refuses to fill under --no-fill, naming the versions', () => {
    const action = planRegion({ state: at(1, A), target, fill: false });
    expect(action.kind).toBe('refuse');
    expect(describeAction(action)).toBe(
      'refused: at version 1, so reaching version 4 needs 2 filler version(s) (2, 3); run without --no-fill to publish them'
    );
  });

  it('refuses a region already past the target with other content', () => {
    const action = planRegion({ state: at(4, B), target, fill: true });
    expect(action.kind).toBe('refuse');
  });
});
