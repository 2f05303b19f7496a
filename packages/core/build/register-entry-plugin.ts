import { resolve } from 'node:path';
import type { Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];
type PluginBuild = Parameters<EsbuildPlugin['setup']>[0];

/**
 * An esbuild plugin for core's build: the modules `entry`
 * (src/register-entry.ts, dist/register.js) reaches are imported by every
 * other module from `./register.js`, so a bundle of both entries holds them
 * once. Fails the build when the entry reaches a module it does not
 * re-export, or when two of its modules export the same name (`export *`
 * drops that name silently): either way a module outside would
 * import a name `./register.js` lacks.
 *
 * @example
 * esbuildPlugins: [registerEntryShared(resolve('src/register-entry.ts'))]
 */
export function registerEntryShared(entry: string): EsbuildPlugin {
  return {
    name: 'logdrain-register-entry',
    async setup(build) {
      const shared = await checkedModules(build, entry);
      build.onResolve({ filter: /^\.\/.*\.js$/ }, (args) => {
        if (shared.has(args.importer)) return undefined;
        const module = resolve(args.resolveDir, args.path.replace(/js$/, 'ts'));
        return shared.has(module)
          ? { path: './register.js', external: true }
          : undefined;
      });
    },
  };
}

/** `module` bundled in memory with its packages left out, for its metafile. */
function probe(build: PluginBuild, module: string) {
  return build.esbuild.build({
    entryPoints: [module],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'silent',
  });
}

async function checkedModules(
  build: PluginBuild,
  entry: string
): Promise<Set<string>> {
  const reached = await probe(build, entry);
  const inputs = Object.entries(reached.metafile.inputs);
  const shared = new Set(inputs.map(([path]) => resolve(path)));
  const listed = (
    inputs.find(([path]) => resolve(path) === entry)?.[1].imports ?? []
  ).map((i) => resolve(i.path));
  for (const module of shared) {
    if (module !== entry && !listed.includes(module)) {
      throw new Error(`${entry} must re-export ${module}`);
    }
  }
  await checkNamesKept(
    build,
    listed,
    exportedNames(reached.outputFiles[0]?.text ?? '')
  );
  return shared;
}

// Each listed module built alone: every name it exports must be the
// entry's. Two modules exporting different bindings under one name make
// `export *` leave it out (the same binding re-exported is kept).
async function checkNamesKept(
  build: PluginBuild,
  modules: readonly string[],
  kept: ReadonlySet<string>
): Promise<void> {
  const built = await Promise.all(
    modules.map((module) => probe(build, module))
  );
  const exporters = new Map<string, string[]>();
  for (const [i, alone] of built.entries()) {
    for (const name of Object.values(alone.metafile.outputs)[0]?.exports ??
      []) {
      if (kept.has(name)) continue;
      exporters.set(name, [...(exporters.get(name) ?? []), modules[i] ?? '']);
    }
  }
  for (const [name, from] of exporters) {
    throw new Error(
      `${from.join(' and ')} export ${name}: the register entry's export * drops it`
    );
  }
}

// The names of a bundled ESM output's closing export clause (esbuild's
// metafile lists the names `export *` dropped too).
function exportedNames(text: string): Set<string> {
  const clause = /export\s*\{([^}]*)\};\s*$/.exec(text)?.[1] ?? '';
  return new Set(
    clause
      .split(',')
      .map(
        (spec) =>
          spec
            .trim()
            .split(/\s+as\s+/)
            .at(-1) ?? ''
      )
      .filter((name) => name !== '')
  );
}
