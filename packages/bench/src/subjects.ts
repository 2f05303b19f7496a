import { resolve } from 'node:path';
import { startCloudwatchTarget } from './targets/cloudwatch-target.js';
import { startElasticsearchTarget } from './targets/elasticsearch-target.js';
import { nullTarget } from './targets/null-target.js';
import { startOtlpTarget } from './targets/otlp-target.js';
import { startS3Target } from './targets/s3-target.js';
import type { Target } from './targets/target.js';
import { startWebhookTarget } from './targets/webhook-target.js';

/** A layer (or the null extension) and the server it delivers to. */
export interface Subject {
  readonly name: string;
  readonly kind: 'layer' | 'baseline';
  /** Layer zip or folder, relative to the repository root or absolute. */
  readonly layer: string;
  /** What it delivers to, for the progress lines. */
  readonly peer: string;
  startTarget(): Promise<Target>;
}

/** The null extension's layer folder inside this package. */
export const NULL_LAYER = 'packages/bench/fixtures/null-layer';

/** Every subject, the baseline first; `--layers` picks among the layers. */
export const SUBJECTS: readonly Subject[] = [
  {
    name: 'null',
    kind: 'baseline',
    layer: NULL_LAYER,
    peer: 'its own listener',
    startTarget: async () => nullTarget(),
  },
  {
    name: 'webhook',
    kind: 'layer',
    layer: 'apps/webhook/dist/layer.zip',
    peer: "testkit's HTTPS receiver",
    startTarget: startWebhookTarget,
  },
  {
    name: 'webhook-standalone',
    kind: 'layer',
    layer: 'apps/webhook/dist/layer-standalone-x86_64.zip',
    peer: "testkit's HTTPS receiver",
    startTarget: startWebhookTarget,
  },
  {
    name: 's3',
    kind: 'layer',
    layer: 'apps/s3/dist/layer.zip',
    peer: 'moto',
    startTarget: startS3Target,
  },
  {
    name: 'cloudwatch',
    kind: 'layer',
    layer: 'apps/cloudwatch/dist/layer.zip',
    peer: 'moto',
    startTarget: startCloudwatchTarget,
  },
  {
    name: 'otlp',
    kind: 'layer',
    layer: 'apps/otlp/dist/layer.zip',
    peer: 'the OpenTelemetry Collector',
    startTarget: startOtlpTarget,
  },
  {
    name: 'elasticsearch',
    kind: 'layer',
    layer: 'apps/elasticsearch/dist/layer.zip',
    peer: 'OpenSearch',
    startTarget: startElasticsearchTarget,
  },
];

/** Absolute path of a subject's layer. */
export function layerPath(root: string, subject: Subject): string {
  return resolve(root, subject.layer);
}
