import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogdrainApp, DESTINATION_KINDS } from '../src/index.js';

const outdir = mkdtempSync(join(tmpdir(), 'logdrain-cdk-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

interface Template {
  Parameters: Record<string, unknown>;
  Resources: Record<
    string,
    { Type: string; Properties: Record<string, never> }
  >;
}

describe('createLogdrainApp', () => {
  it('synthesizes one function per destination, each with its layer and variables', () => {
    createLogdrainApp({
      outdir,
      context: { 'logdrain:githubRepository': 'acme/logdrain' },
    }).synth();
    const template = JSON.parse(
      readFileSync(join(outdir, 'LogdrainExamples.template.json'), 'utf8')
    ) as Template;
    const functions = Object.entries(template.Resources).filter(
      ([, r]) => r.Type === 'AWS::Lambda::Function'
    );
    expect(functions.map(([id]) => id.replace(/Function.*$/, ''))).toEqual([
      'Webhook',
      'S3',
      'Cloudwatch',
      'Otlp',
      'Elasticsearch',
    ]);
    for (const [index, kind] of DESTINATION_KINDS.entries()) {
      const [, fn] = functions[index] ?? [];
      const layerParameter = `${kind.charAt(0).toUpperCase()}${kind.slice(1)}LayerArn`;
      expect(fn?.Properties.Layers).toEqual([{ Ref: layerParameter }]);
      expect(template.Parameters[layerParameter]).toBeDefined();
      expect(fn?.Properties.Environment).toMatchObject({
        Variables: {
          LOGDRAIN_MIN_LEVEL: 'INFO',
          LOGDRAIN_REDACT: 'email,credit-card',
        },
      });
    }
    const role = JSON.parse(
      readFileSync(join(outdir, 'LogdrainPublishRole.template.json'), 'utf8')
    ) as Template;
    const [trust] = Object.values(role.Resources).filter(
      (r) => r.Type === 'AWS::IAM::Role'
    );
    expect(JSON.stringify(trust?.Properties)).toContain(
      'repo:acme/logdrain:ref:refs/tags/v*'
    );
  });
});
