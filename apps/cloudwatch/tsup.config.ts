import { layerBundleOptions } from '@logdrain/layer-build';
import { defineConfig } from 'tsup';

export default defineConfig(
  layerBundleOptions({
    name: 'logdrain-cloudwatch',
    embed: 'src/destination.ts',
    registerFirst: true,
  })
);
