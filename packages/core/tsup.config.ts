import { resolve } from 'node:path';
import { defineConfig, type Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

const REGISTER_ENTRY = resolve('src/register-entry.ts');

/**
 * dist/register.js holds the modules src/register-entry.ts reaches; every
 * other module (dist/index.js, its chunks) imports them from there, so a
 * bundle of both holds them once. Fails the build when register-entry.ts
 * reaches a module it does not re-export (its importers outside would get
 * an import `./register.js` lacks).
 */
const registerEntryShared: EsbuildPlugin = {
  name: 'logdrain-register-entry',
  async setup(build) {
    const reached = await build.esbuild.build({
      entryPoints: [REGISTER_ENTRY],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      packages: 'external',
      logLevel: 'silent',
    });
    const inputs = Object.entries(reached.metafile.inputs);
    const shared = new Set(inputs.map(([path]) => resolve(path)));
    const listed = new Set(
      inputs
        .find(([path]) => resolve(path) === REGISTER_ENTRY)?.[1]
        .imports.map((i) => resolve(i.path))
    );
    for (const module of shared) {
      if (module !== REGISTER_ENTRY && !listed.has(module)) {
        throw new Error(`src/register-entry.ts must re-export ${module}`);
      }
    }
    build.onResolve({ filter: /^\.\/.*\.js$/ }, (args) => {
      if (shared.has(args.importer)) return undefined;
      const module = resolve(args.resolveDir, args.path.replace(/js$/, 'ts'));
      return shared.has(module)
        ? { path: './register.js', external: true }
        : undefined;
    });
  },
};

export default defineConfig({
  entry: { index: 'src/index.ts', register: 'src/register-entry.ts' },
  format: ['esm'],
  dts: true,
  target: 'node20',
  clean: true,
  esbuildPlugins: [registerEntryShared],
});
