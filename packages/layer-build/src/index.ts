export type {
  BuildLayerOptions,
  BuildLayerResult,
} from './build-layer.js';
export { buildLayer } from './build-layer.js';
export { renderLauncher } from './launcher.js';
export type { ZipEntry } from './reproducible-zip.js';
export { writeReproducibleZip } from './reproducible-zip.js';
