export type {
  BuildLayerOptions,
  BuildLayerResult,
} from './build-layer.js';
export { buildLayer } from './build-layer.js';
export type {
  BuildStandaloneOptions,
  BuildStandaloneResult,
  LambdaArch,
} from './build-standalone.js';
export {
  buildStandaloneLayer,
  LAMBDA_ARCHS,
  STANDALONE_MAX_UNZIPPED_BYTES,
  STANDALONE_MAX_ZIP_BYTES,
  STANDALONE_NODE_VERSION,
} from './build-standalone.js';
export type { CommonJsMode } from './bundle-options.js';
export { layerBundleOptions } from './bundle-options.js';
export type { ElfHeader } from './elf.js';
export { ELF_MACHINE, readElfHeader } from './elf.js';
export { renderLauncher } from './launcher.js';
export type { NodeArch } from './node-dist.js';
export { installNode, nodeCacheDir } from './node-dist.js';
export type { ZipEntry } from './reproducible-zip.js';
export { writeReproducibleZip } from './reproducible-zip.js';
