import type { Options } from 'tsup';
import { embedModule } from './embed-module.js';
import { getBuiltinModule, NODE_VERSION_CHECK } from './get-builtin-module.js';
import { registerFirst } from './register-first.js';

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
 * With `embed` (e.g. `src/destination.ts`, which the app loads with
 * `import()` after registration), that module is kept in the bundle as text
 * and compiled only when imported (see embedModule); `commonJs` then applies
 * to it alone: the rest of the bundle needs no `require`.
 *
 * With `registerFirst` (an app built on `@logdrain/core`), the bundle
 * registers before V8 compiles the app (see registerFirst); CommonJS code
 * must then be in the embedded module.
 *
 * @example
 * export default defineConfig(layerBundleOptions({ name: 'logdrain-s3', commonJs: 'main', embed: 'src/destination.ts' }));
 */
export function layerBundleOptions(opts: {
  name: string;
  commonJs?: CommonJsMode;
  embed?: string;
  registerFirst?: boolean;
}): Options {
  const commonJs = opts.commonJs ?? 'none';
  const base: Options = {
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
    // Else tsup marks `node:` imports external before getBuiltinModule sees them.
    removeNodeProtocol: false,
    esbuildPlugins: [getBuiltinModule],
    banner: { js: NODE_VERSION_CHECK },
    esbuildOptions(options) {
      // getBuiltinModule reads each built-in for the names imported, as the
      // building Node lists them: a name it lacks must fail the build, not
      // become `undefined` at run time.
      options.logOverride = { 'import-is-undefined': 'error' };
      if (commonJs === 'main' && opts.embed === undefined) {
        options.conditions = [];
        options.mainFields = ['main'];
      }
    },
  };
  const appPlugins =
    opts.embed === undefined
      ? [getBuiltinModule]
      : [
          embedModule({
            module: opts.embed,
            commonJsMain: commonJs === 'main',
          }),
          getBuiltinModule,
        ];
  if (opts.registerFirst) {
    if (commonJs !== 'none' && opts.embed === undefined) {
      throw new Error(
        'registerFirst keeps CommonJS code only in the embedded module: pass embed with commonJs'
      );
    }
    const plugin = registerFirst({ defaultName: opts.name, appPlugins });
    return { ...base, esbuildPlugins: [plugin, getBuiltinModule] };
  }
  if (opts.embed !== undefined) {
    return { ...base, esbuildPlugins: appPlugins };
  }
  return {
    ...base,
    ...(commonJs === 'none'
      ? {}
      : { banner: { js: `${NODE_VERSION_CHECK}\n${REQUIRE_BANNER}` } }),
  };
}
