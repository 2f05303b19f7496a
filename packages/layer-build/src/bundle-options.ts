import type { Options } from 'tsup';

/**
 * How a layer's bundle treats CommonJS dependencies: `require` gives the ESM
 * bundle a real `require` for the Node built-ins they load; `main` also
 * bundles their CommonJS builds (`main` entries), whose require() calls run
 * only when the destination loads them, after registration (an ESM build's
 * imports of node:crypto, node:https… are hoisted to the bundle's top and
 * load before the extension registers).
 */
export type CommonJsMode = 'none' | 'require' | 'main';

const REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/**
 * The tsup options of a layer's bundle (DESIGN, "The layer contract"): the
 * layer runs with nothing installed beside it, so one minified ESM file,
 * `dist/<name>/index.mjs`, holds the app and @logdrain/core.
 *
 * @example
 * export default defineConfig(layerBundleOptions({ name: 'logdrain-s3', commonJs: 'main' }));
 */
export function layerBundleOptions(opts: {
  name: string;
  commonJs?: CommonJsMode;
}): Options {
  const commonJs = opts.commonJs ?? 'none';
  return {
    entry: { index: 'src/main.ts' },
    outDir: `dist/${opts.name}`,
    outExtension: () => ({ js: '.mjs' }),
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    clean: true,
    minify: true,
    splitting: false,
    noExternal: [/.*/],
    ...(commonJs === 'main'
      ? {
          esbuildOptions(options) {
            options.conditions = [];
            options.mainFields = ['main'];
          },
        }
      : {}),
    ...(commonJs === 'none' ? {} : { banner: { js: REQUIRE_BANNER } }),
  };
}
