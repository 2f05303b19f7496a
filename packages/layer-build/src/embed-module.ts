import { basename, dirname, extname, resolve } from 'node:path';
import type { Options } from 'tsup';
import { CORE, type Embedded, loaderModule } from './embed-loader.js';
import { BUILTIN } from './get-builtin-module.js';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];
type PluginBuild = Parameters<EsbuildPlugin['setup']>[0];

const NAMESPACE = 'logdrain-embedded';

/** How the comment that holds an embedded module starts. */
export const EMBEDDED_MARKER = '/*logdrain-embedded:';

/**
 * An esbuild plugin that keeps one module of a layer's bundle as text: the
 * `import()` of `module` (a path relative to the app, e.g.
 * `src/destination.ts`) gets a small module that reads that text from a
 * comment at the end of `index.mjs` and compiles it with
 * `vm.compileFunction` when it is first imported. V8 pre-parses every
 * function of a script it loads, so a destination bundled as code (the AWS
 * SDK: 600-800 KB) costs its parse before the extension can register; in a
 * comment it costs a scan for the comment's end (measured on the s3
 * destination: +27 ms of CPU to import as code, +4.8 ms as a string literal,
 * +1.5 ms as a comment). The embedded part is bundled as CommonJS (its
 * `require` is Node's, from `createRequire`), and shares `@logdrain/core`
 * with the rest of the bundle (one ConfigError class, one logger): the
 * names it imports from there are passed in. `commonJsMain` bundles its
 * dependencies' CommonJS builds (`main` entries).
 *
 * @example
 * esbuildPlugins: [embedModule({ module: 'src/destination.ts', commonJsMain: true })]
 */
export function embedModule(opts: {
  module: string;
  commonJsMain?: boolean;
}): EsbuildPlugin {
  return {
    name: 'logdrain-embed-module',
    async setup(build) {
      const target = resolve(
        build.initialOptions.absWorkingDir ?? process.cwd(),
        opts.module
      );
      const embedded = await buildEmbedded(
        build,
        target,
        opts.commonJsMain ?? false
      );
      const marker = `${EMBEDDED_MARKER}${basename(target)}\n`;
      const footer = build.initialOptions.footer?.js;
      build.initialOptions.footer = {
        js: `${footer === undefined ? '' : `${footer}\n`}${marker}${escapeComment(embedded.code)}*/`,
      };
      const stem = basename(target, extname(target)).replace(/\W/g, '\\$&');
      const filter = new RegExp(`^\\..*/${stem}(\\.[cm]?[jt]s)?$`);
      build.onResolve({ filter }, async (args) => {
        if (args.namespace === NAMESPACE) return undefined;
        const found = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          namespace: NAMESPACE,
        });
        if (found.path !== target) return undefined;
        if (args.kind !== 'dynamic-import') {
          return {
            errors: [
              {
                text: `${opts.module} is embedded as text: import it only with import(), not from ${args.importer}`,
              },
            ],
          };
        }
        return { path: target, namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({
        contents: loaderModule({ ...embedded, marker }),
        resolveDir: dirname(target),
        loader: 'js',
      }));
    },
  };
}

async function buildEmbedded(
  build: PluginBuild,
  entry: string,
  commonJsMain: boolean
): Promise<Embedded> {
  const common = {
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node' as const,
    target: 'node20',
    external: [CORE],
    // ESM builds tree-shake better; CommonJS ones defer their require()s.
    ...(commonJsMain
      ? { mainFields: ['main'], conditions: [] }
      : { mainFields: ['module', 'main'] }),
  };
  // The ESM build names the module's exports and what it imports from core.
  const esm = await build.esbuild.build({
    ...common,
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
  });
  const cjs = await build.esbuild.build({
    ...common,
    format: 'cjs',
    minify: true,
    logLevel: 'warning',
    plugins: [requireBuiltins],
  });
  return {
    code: cjs.outputFiles?.[0]?.text ?? '',
    exported: Object.values(esm.metafile.outputs)[0]?.exports ?? [],
    coreNames: importedNames(esm.outputFiles?.[0]?.text ?? ''),
    fileName: basename(entry),
  };
}

/**
 * Code as the body of a comment, which ends at the first `*\/`: that pair
 * (and `%`, the escape) are written as `%2A/` and `%25`, and read back in
 * the reverse order.
 *
 * @example
 * escapeComment('a = "*\/ 5%"'); // → 'a = "%2A/ 5%25"'
 */
function escapeComment(code: string): string {
  return code.replaceAll('%', '%25').replaceAll('*/', '%2A/');
}

/**
 * esbuild keeps `import('node:zlib')` in CommonJS output, and code compiled
 * by vm cannot import(): such an import becomes a require() of the built-in.
 */
const requireBuiltins: EsbuildPlugin = {
  name: 'logdrain-require-builtins',
  setup(build) {
    build.onResolve({ filter: BUILTIN }, (args) =>
      args.kind === 'dynamic-import'
        ? { path: args.path, namespace: 'logdrain-builtin' }
        : undefined
    );
    build.onLoad({ filter: /.*/, namespace: 'logdrain-builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/** The names an esbuild ESM output imports from @logdrain/core. */
function importedNames(text: string): string[] {
  const names = new Set<string>();
  const named = /import\s*\{([^}]*)\}\s*from\s*"@logdrain\/core";/g;
  for (const match of text.matchAll(named)) {
    for (const spec of (match[1] ?? '').split(',')) {
      const name = spec.trim().split(/\s+as\s+/)[0];
      if (name) names.add(name);
    }
  }
  const mentions = text.split('"@logdrain/core"').length - 1;
  if (mentions !== (text.match(named)?.length ?? 0)) {
    throw new Error(
      `the embedded module must import ${CORE} by name only (import { a, b } from '${CORE}')`
    );
  }
  return [...names];
}
