import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFillerZip } from '../src/filler-zip.js';
import { loadLayerList, readArtifacts } from '../src/layer-list.js';
import { loadRegions, selectRegions } from '../src/regions.js';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('regions.json', () => {
  const regions = loadRegions(join(ROOT, 'infra/publish/regions.json'));

  it('lists the 34 commercial regions, 17 of them opt-in', () => {
    expect(regions.length).toBe(34);
    expect(new Set(regions.map((r) => r.code)).size).toBe(34);
    expect(regions.filter((r) => r.optIn).length).toBe(17);
    expect(regions.find((r) => r.code === 'ap-southeast-7')?.optIn).toBe(true);
    expect(regions.find((r) => r.code === 'ap-northeast-3')?.optIn).toBe(false);
  });

  it('selects all, the default ones, opt-in ones or a list', () => {
    expect(selectRegions(regions, 'default').length).toBe(17);
    expect(selectRegions(regions, 'opt-in').length).toBe(17);
    expect(
      selectRegions(regions, 'eu-west-1,us-east-1').map((r) => r.code)
    ).toEqual(['us-east-1', 'eu-west-1']);
    expect(() => selectRegions(regions, 'us-east-1,mars-north-1')).toThrow(
      '--regions: unknown region mars-north-1'
    );
  });
});

describe('layer-list.json', () => {
  it('lists every app layer: the Node-runtime flavour for both architectures, the standalone one per architecture', () => {
    const layers = loadLayerList(join(ROOT, 'infra/publish/layer-list.json'));
    const apps = readdirSync(join(ROOT, 'apps')).filter((dir) =>
      existsSync(join(ROOT, 'apps', dir, 'package.json'))
    );
    expect(apps.length).toBeGreaterThan(0);
    for (const dir of apps) {
      const scripts: Record<string, string> =
        JSON.parse(
          readFileSync(join(ROOT, 'apps', dir, 'package.json'), 'utf8')
        ).scripts ?? {};
      const name = /--name (\S+)/.exec(scripts.build ?? '')?.[1];
      expect(scripts['build:standalone']).toBe(
        `logdrain-build-layer --name ${name} --standalone`
      );
      const entry = layers.find((layer) => layer.name === name);
      expect(
        entry,
        `apps/${dir} (${name}) is missing from layer-list.json`
      ).toEqual(
        expect.objectContaining({
          zip: `apps/${dir}/dist/layer.zip`,
          packageJson: `apps/${dir}/package.json`,
          architectures: ['x86_64', 'arm64'],
          compatibleRuntimes: ['nodejs24.x', 'nodejs22.x', 'nodejs20.x'],
        })
      );
      for (const arch of ['x86_64', 'arm64']) {
        const standalone = layers.find(
          (layer) => layer.name === `${name}-standalone-${arch}`
        );
        expect(standalone, `${name}-standalone-${arch}`).toEqual(
          expect.objectContaining({
            zip: `apps/${dir}/dist/layer-standalone-${arch}.zip`,
            packageJson: `apps/${dir}/package.json`,
            architectures: [arch],
          })
        );
        expect(standalone?.compatibleRuntimes).toEqual(
          expect.arrayContaining([
            'provided.al2023',
            'python3.12',
            'java21',
            'dotnet8',
            'nodejs20.x',
          ])
        );
        expect(standalone?.compatibleRuntimes).not.toContain('provided.al2');
      }
    }
    expect(layers.length).toBe(apps.length * 3);
  });

  it('refuses a layer name that does not say its architecture, or says another', () => {
    const dir = mkdtempSync(join(tmpdir(), 'publish-list-'));
    const load = (entry: object) => {
      writeFileSync(
        join(dir, 'list.json'),
        JSON.stringify({ layers: [{ zip: 'x.zip', ...entry }] })
      );
      return () => loadLayerList(join(dir, 'list.json'));
    };

    expect(load({ name: 'logdrain-x', architectures: ['arm64'] })).toThrow(
      'layers[0] (logdrain-x): a layer for arm64 alone must be named <name>-arm64'
    );
    expect(
      load({ name: 'logdrain-x-standalone-x86_64', architectures: ['arm64'] })
    ).toThrow('a layer for arm64 alone must be named <name>-arm64');
    expect(
      load({
        name: 'logdrain-x-standalone-arm64',
        architectures: ['x86_64', 'arm64'],
      })
    ).toThrow(
      'the name ends in -arm64, so architectures must be ["arm64"] alone'
    );
    expect(
      load({ name: 'logdrain-x-standalone-arm64', architectures: ['arm64'] })()
    ).toEqual([
      {
        name: 'logdrain-x-standalone-arm64',
        zip: 'x.zip',
        architectures: ['arm64'],
      },
    ]);
  });

  it('refuses a missing zip with the command that builds it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'publish-list-'));
    writeFileSync(
      join(dir, 'list.json'),
      JSON.stringify({
        layers: [
          {
            name: 'logdrain-x',
            zip: 'x.zip',
            architectures: ['x86_64', 'arm64'],
          },
          {
            name: 'logdrain-x-standalone-arm64',
            zip: 'x-arm64.zip',
            architectures: ['arm64'],
          },
        ],
      })
    );
    const entries = loadLayerList(join(dir, 'list.json'));
    expect(() => readArtifacts(entries.slice(0, 1), dir)).toThrow(
      `logdrain-x: ${join(dir, 'x.zip')} does not exist; build the layers first (pnpm build)`
    );
    expect(() => readArtifacts(entries.slice(1), dir)).toThrow(
      `logdrain-x-standalone-arm64: ${join(dir, 'x-arm64.zip')} does not exist; build the layers first (pnpm build:standalone)`
    );
  });
});

describe('createFillerZip', () => {
  it('is a valid zip holding one small text file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'publish-filler-'));
    const file = join(dir, 'filler.zip');
    writeFileSync(file, createFillerZip());
    const check = spawnSync(
      'python3',
      [
        '-c',
        'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(z.namelist())',
        file,
      ],
      { encoding: 'utf8' }
    );
    expect(check.stderr).toBe('');
    expect(check.stdout.trim()).toBe("['logdrain-filler.txt']");
  });
});
