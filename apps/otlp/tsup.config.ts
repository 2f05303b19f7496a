import { layerBundleOptions } from '@logdrain/layer-build';
import { defineConfig } from 'tsup';

export default defineConfig(
  layerBundleOptions({
    name: 'logdrain-otlp',
    commonJs: 'require',
    embed: 'src/destination.ts',
    registerFirst: true,
  })
);
