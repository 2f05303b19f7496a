import { layerBundleOptions } from '@logdrain/layer-build';
import { defineConfig } from 'tsup';

export default defineConfig(
  layerBundleOptions({ name: 'logdrain-s3', registerFirst: true })
);
