import { resolve } from 'node:path';
import type { Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];
type PluginBuild = Parameters<EsbuildPlugin['setup']>[0];

/** The namespace of the app's register entry (registerParam's module). */
export const REGISTER_PARAM_NAMESPACE = 'logdrain-register-param';

/** `@logdrain/core/register` as the app's bundle resolves it. */
export interface RegisterEntry {
  readonly path: string;
  readonly exported: readonly string[];
}

/**
 * Where `specifier` (core's register entry) resolves from `resolveDir`, and
 * the names it exports.
 *
 * @example
 * const register = await readRegisterEntry(build, '@logdrain/core/register', appDir);
 */
export async function readRegisterEntry(
  build: PluginBuild,
  specifier: string,
  resolveDir: string
): Promise<RegisterEntry> {
  const absWorkingDir = build.initialOptions.absWorkingDir ?? process.cwd();
  // The metafile's paths are relative to absWorkingDir: the same as the
  // app's build, so that the path resolved here is the one it resolves.
  const found = await build.esbuild.build({
    stdin: { contents: `export * from '${specifier}';`, resolveDir },
    absWorkingDir,
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    alias: build.initialOptions.alias,
    logLevel: 'silent',
  });
  const imported = found.metafile.inputs['<stdin>']?.imports[0]?.path;
  return {
    path: resolve(absWorkingDir, imported ?? ''),
    exported: Object.values(found.metafile.outputs)[0]?.exports ?? [],
  };
}

/**
 * An esbuild plugin for the app's part of a registerFirst bundle: its
 * imports of core's register entry (by name, or `./register.js` from core's
 * dist/index.js) read the names from `param`, the app function's parameter.
 *
 * @example
 * plugins: [registerParam(register, '__logdrain_register')]
 */
export function registerParam(
  register: RegisterEntry,
  param: string
): EsbuildPlugin {
  return {
    name: 'logdrain-register-param',
    setup(build) {
      build.onResolve(
        { filter: /^@logdrain\/core\/register$|\/register\.js$/ },
        async (args) => {
          if (args.pluginData === REGISTER_PARAM_NAMESPACE) return undefined;
          const found = await build.resolve(args.path, {
            kind: args.kind,
            importer: args.importer,
            resolveDir: args.resolveDir,
            pluginData: REGISTER_PARAM_NAMESPACE,
          });
          return found.path === register.path
            ? { path: register.path, namespace: REGISTER_PARAM_NAMESPACE }
            : undefined;
        }
      );
      build.onLoad(
        { filter: /.*/, namespace: REGISTER_PARAM_NAMESPACE },
        () => ({
          contents: [
            `const r = ${param};`,
            ...register.exported.map(
              (name) =>
                `export const ${name} = /* @__PURE__ */ (() => r.${name})();`
            ),
          ].join('\n'),
          loader: 'js',
        })
      );
    },
  };
}
