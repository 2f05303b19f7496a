import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PublishLayerVersionCommand } from '@aws-sdk/client-lambda';
import { type MotoPeer, startFaultProxy, startMoto } from '@logdrain/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FILLER_DESCRIPTION } from '../src/description.js';
import { motoLayerVersions } from './helpers/moto-layers.js';
import {
  createPublishWorkspace,
  motoClient,
  type PublishWorkspace,
} from './helpers/publish-workspace.js';

// moto keeps layers per region: three regions, one of them opt-in.
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-7'];
const LAYERS = ['logdrain-a', 'logdrain-a-standalone-arm64'];

describe('publish-layers against moto', () => {
  let moto: MotoPeer;
  let ws: PublishWorkspace;

  beforeAll(async () => {
    moto = await startMoto();
  }, 180_000);
  afterAll(async () => {
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto.reset();
    ws = createPublishWorkspace(moto.url);
  });

  const versionsIn = (region: string, layer: string) =>
    motoLayerVersions({ motoUrl: moto.url, region, layer });
  const zipSha = (name: string) =>
    createHash('sha256')
      .update(readFileSync(join(ws.root, 'zips', name)))
      .digest('hex');

  /** Every row of layers.json is what moto holds, and the table lists every ARN. */
  async function expectOutputsMatchMoto() {
    const { layers: rows } = ws.readLayersJson();
    const table = ws.readTable();
    for (const region of REGIONS) {
      for (const layer of LAYERS) {
        const held = (await versionsIn(region, layer)).filter(
          (v) => v.description !== FILLER_DESCRIPTION
        );
        const latest = held.at(-1);
        const mine = rows.filter(
          (r) => r.region === region && r.layer === layer
        );
        if (!latest) {
          expect(mine).toEqual([]);
          continue;
        }
        expect(mine.map((r) => r.architecture)).toEqual(latest.architectures);
        for (const row of mine) {
          expect(row.arn).toBe(latest.arn);
          expect(row.version).toBe(latest.version);
          expect(latest.description).toContain(`sha256:${row.sha256}`);
        }
        expect(table).toContain(`\`${latest.arn}\``);
      }
    }
  }

  it('publishes every layer to every region with equal versions, public, and a second run publishes nothing', async () => {
    const first = await ws.run(['--regions', REGIONS.join(',')]);
    expect(first.err).toEqual([]);
    expect(first.status).toBe(0);
    for (const region of REGIONS) {
      for (const layer of LAYERS) {
        const versions = await versionsIn(region, layer);
        expect(versions.map((v) => v.version)).toEqual([1]);
        expect(versions[0]?.statements).toEqual([
          expect.objectContaining({ Sid: 'logdrain-public', Principal: '*' }),
        ]);
      }
      const [a] = await versionsIn(region, 'logdrain-a');
      expect(a?.description).toBe(`logdrain-a 1.2.3 sha256:${zipSha('a.zip')}`);
      expect(a?.architectures).toEqual(['x86_64', 'arm64']);
      expect(a?.runtimes).toEqual(['nodejs22.x', 'nodejs20.x']);
      const [standalone] = await versionsIn(
        region,
        'logdrain-a-standalone-arm64'
      );
      expect(standalone?.architectures).toEqual(['arm64']);
      expect(standalone?.runtimes).toEqual(['provided.al2023', 'python3.13']);
    }
    expect(ws.readLayersJson().layers.length).toBe(9);
    expect(ws.readLayersJson().layers[0]).toEqual({
      layer: 'logdrain-a',
      version: 1,
      region: 'us-east-1',
      architecture: 'x86_64',
      arn: 'arn:aws:lambda:us-east-1:123456789012:layer:logdrain-a:1',
      sha256: zipSha('a.zip'),
    });
    await expectOutputsMatchMoto();
    expect(ws.readTable()).toContain('Version 1 in 3 regions.');

    const second = await ws.run(['--regions', REGIONS.join(',')]);
    expect(second.status).toBe(0);
    expect(second.out).toContain(
      '  published: 0 (plus 0 filler version(s)), unchanged: 6, sharing repaired: 0'
    );
    for (const region of REGIONS) {
      expect((await versionsIn(region, 'logdrain-a')).length).toBe(1);
    }
  });

  it('publishes a changed zip as a new version in every region', async () => {
    await ws.run(['--regions', REGIONS.join(',')]);
    ws.writeZip('logdrain-a', 'a2');
    const run = await ws.run(['--regions', REGIONS.join(',')]);
    expect(run.status).toBe(0);
    for (const region of REGIONS) {
      const a = await versionsIn(region, 'logdrain-a');
      expect(a.map((v) => v.version)).toEqual([1, 2]);
      expect(a[1]?.description).toContain(`sha256:${zipSha('a.zip')}`);
      expect(a[1]?.statements.length).toBe(1);
      expect(
        (await versionsIn(region, 'logdrain-a-standalone-arm64')).length
      ).toBe(1);
    }
    const rowsA = ws
      .readLayersJson()
      .layers.filter((r) => r.layer === 'logdrain-a');
    expect(rowsA.map((r) => r.version)).toEqual([2, 2, 2, 2, 2, 2]);
    await expectOutputsMatchMoto();
  });

  it('brings a region that was behind level with filler versions, or refuses under --no-fill', async () => {
    const two = 'us-east-1,eu-west-1';
    await ws.run(['--regions', two]);
    ws.writeZip('logdrain-a', 'a2');
    await ws.run(['--regions', two]);

    const refused = await ws.run(['--regions', REGIONS.join(','), '--no-fill']);
    expect(refused.status).toBe(1);
    expect(refused.out).toContain(
      '    ap-southeast-7 logdrain-a: at version 0, so reaching version 2 needs 1 filler version(s) (1); run without --no-fill to publish them'
    );
    expect(await versionsIn('ap-southeast-7', 'logdrain-a')).toEqual([]);

    const filled = await ws.run(['--regions', REGIONS.join(',')]);
    expect(filled.status).toBe(0);
    const a = await versionsIn('ap-southeast-7', 'logdrain-a');
    expect(
      a.map((v) => [v.version, v.description === FILLER_DESCRIPTION])
    ).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(a[0]?.statements).toEqual([]);
    expect(a[1]?.statements.length).toBe(1);
    for (const region of REGIONS) {
      expect((await versionsIn(region, 'logdrain-a')).at(-1)?.version).toBe(2);
      expect(
        (await versionsIn(region, 'logdrain-a-standalone-arm64')).at(-1)
          ?.version
      ).toBe(1);
    }
    await expectOutputsMatchMoto();
  });

  it('levels every region up to one that is ahead with versions of its own', async () => {
    const eu = motoClient(moto.url, 'eu-west-1');
    for (const n of [1, 2]) {
      await eu.send(
        new PublishLayerVersionCommand({
          LayerName: 'logdrain-a',
          Content: { ZipFile: Buffer.from(`by hand ${n}`) },
        })
      );
    }
    eu.destroy();
    const run = await ws.run([
      '--regions',
      REGIONS.join(','),
      '--layers',
      'logdrain-a',
    ]);
    expect(run.status).toBe(0);
    for (const region of ['us-east-1', 'ap-southeast-7']) {
      const a = await versionsIn(region, 'logdrain-a');
      expect(a.map((v) => v.description === FILLER_DESCRIPTION)).toEqual([
        true,
        true,
        false,
      ]);
    }
    expect(
      (await versionsIn('eu-west-1', 'logdrain-a')).map((v) => v.version)
    ).toEqual([1, 2, 3]);
    expect(new Set(ws.readLayersJson().layers.map((r) => r.version))).toEqual(
      new Set([3])
    );
  });

  it('reports a failing region in the summary and exit status while the others succeed', async () => {
    await using proxy = await startFaultProxy({
      upstream: moto.url,
      http: true,
    });
    proxy.answerNext({
      count: 1000,
      status: 403,
      headers: {
        'content-type': 'application/json',
        'x-amzn-errortype': 'UnrecognizedClientException',
      },
      body: '{"message":"The security token included in the request is invalid."}',
    });
    const run = await ws.run(['--regions', REGIONS.join(',')], {
      clientFor: (region) =>
        region === 'eu-west-1'
          ? motoClient(proxy.rewrite(moto.url), region)
          : undefined,
    });
    expect(run.status).toBe(1);
    expect(run.out).toContain('summary: 3 region(s), 2 ok, 1 failed');
    expect(run.out).toContain('  failed in eu-west-1:');
    expect(run.out).toContain(
      '    eu-west-1 logdrain-a: The security token included in the request is invalid.'
    );
    expect(run.err).toEqual([
      'could not read eu-west-1: their rows were kept from the previous file',
    ]);
    for (const region of ['us-east-1', 'ap-southeast-7']) {
      expect((await versionsIn(region, 'logdrain-a')).length).toBe(1);
    }
    expect(await versionsIn('eu-west-1', 'logdrain-a')).toEqual([]);
    expect(
      ws.readLayersJson().layers.some((r) => r.region === 'eu-west-1')
    ).toBe(false);
    await expectOutputsMatchMoto();
  });

  it('retries throttled calls and then succeeds', async () => {
    await using proxy = await startFaultProxy({
      upstream: moto.url,
      http: true,
    });
    proxy.answerNext({
      count: 3,
      status: 429,
      headers: {
        'content-type': 'application/json',
        'x-amzn-errortype': 'TooManyRequestsException',
      },
      body: '{"message":"Rate exceeded","Reason":"CallerRateLimitExceeded"}',
    });
    const run = await ws.run(['--regions', 'us-east-1'], {
      clientFor: (region) => motoClient(proxy.rewrite(moto.url), region),
    });
    expect(run.status).toBe(0);
    expect(
      (await versionsIn('us-east-1', 'logdrain-a')).map((v) => v.version)
    ).toEqual([1]);
    expect(proxy.requests).toBeGreaterThan(3);
  });

  it('checks the region after a publish whose answer was lost instead of publishing twice', async () => {
    await using proxy = await startFaultProxy({
      upstream: moto.url,
      http: true,
    });
    // Request 1 lists the versions, request 2 publishes: its answer is lost.
    proxy.setMode({ kind: 'loseResponse', when: () => proxy.requests === 2 });
    const run = await ws.run(
      ['--regions', 'us-east-1', '--layers', 'logdrain-a-standalone-arm64'],
      { clientFor: (region) => motoClient(proxy.rewrite(moto.url), region) }
    );
    expect(run.status).toBe(0);
    expect(run.out).toContain(
      'us-east-1 logdrain-a-standalone-arm64: published version 1'
    );
    const versions = await versionsIn(
      'us-east-1',
      'logdrain-a-standalone-arm64'
    );
    expect(versions.map((v) => v.version)).toEqual([1]);
    expect(versions[0]?.statements.length).toBe(1);
    // list, publish (lost), list again, policy, permission, the table's list
    expect(proxy.requests).toBe(6);
  });

  it('prints the plan under --dry-run and changes nothing', async () => {
    const run = await ws.run(['--regions', 'us-east-1,eu-west-1', '--dry-run']);
    expect(run.status).toBe(0);
    expect(run.out).toContain(
      `target logdrain-a: version 1 (sha256 ${zipSha('a.zip')})`
    );
    expect(run.out).toContain(
      'eu-west-1 logdrain-a-standalone-arm64: publish version 1'
    );
    expect(await versionsIn('us-east-1', 'logdrain-a')).toEqual([]);
    expect(existsSync(join(ws.root, 'docs/layers.json'))).toBe(false);
  });

  it('lets release matrix jobs publish one region each from one plan, then --inventory writes the table', async () => {
    await ws.run(['--regions', 'us-east-1']);
    ws.writeZip('logdrain-a-standalone-arm64', 'b2');
    const planFile = join(ws.root, 'plan.json');
    const plan = await ws.run([
      '--regions',
      REGIONS.join(','),
      '--dry-run',
      '--plan-out',
      planFile,
    ]);
    expect(plan.status).toBe(0);
    for (const region of REGIONS) {
      const job = await ws.run([
        '--regions',
        region,
        '--plan',
        planFile,
        '--no-write',
      ]);
      expect(job.status).toBe(0);
    }
    const inventory = await ws.run([
      '--regions',
      REGIONS.join(','),
      '--inventory',
    ]);
    expect(inventory.status).toBe(0);
    for (const region of REGIONS) {
      expect((await versionsIn(region, 'logdrain-a')).at(-1)?.version).toBe(1);
      expect(
        (await versionsIn(region, 'logdrain-a-standalone-arm64')).at(-1)
          ?.version
      ).toBe(2);
    }
    await expectOutputsMatchMoto();

    ws.writeZip('logdrain-a', 'rebuilt differently');
    const stale = await ws.run(['--regions', 'us-east-1', '--plan', planFile]);
    expect(stale.status).toBe(2);
    expect(stale.err[0]).toContain("is not the plan's");
    expect((await versionsIn('us-east-1', 'logdrain-a')).length).toBe(1);
  });
});
