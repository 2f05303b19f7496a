import { builtinModules } from 'node:module';
import type { Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

const NAMESPACE = 'logdrain-get-builtin';
const NAMED = 'logdrain-get-builtin-named';

/**
 * Matches a Node.js built-in module's specifier, with or without `node:`.
 *
 * @example
 * BUILTIN.test('node:zlib'); // → true
 */
export const BUILTIN = new RegExp(
  `^(node:)?(${builtinModules.map((m) => m.replace(/\W/g, '\\$&')).join('|')})$`
);

/**
 * The first statement of a layer's bundle: without process.getBuiltinModule
 * (Node.js before 20.16 and 22.3) the bundle cannot load a built-in, so it
 * says so in one line and exits 1 (Lambda reports Extension.Crash).
 *
 * @example
 * banner: { js: NODE_VERSION_CHECK }
 */
export const NODE_VERSION_CHECK = [
  "if(typeof process.getBuiltinModule!=='function'){",
  "process.stderr.write((process.argv[2]??'logdrain')+': needs Node.js 20.16 or later (process.getBuiltinModule), this is '+process.version+'\\n');",
  'process.exit(1)}',
].join('');

/**
 * An esbuild plugin that loads every Node.js built-in a layer's bundle
 * imports (statically or with `import()`) with `process.getBuiltinModule`
 * (Node.js 20.16 and later) instead of as an ES module. An ES module import
 * of a built-in builds a facade that reads every export once, and on
 * Node.js 22 and 24 `node:http` has lazy exports (WebSocket…) that load
 * undici when read: importing `node:http` cost 55 ms of CPU on Node.js
 * 24.21.0 (5 ms with getBuiltinModule), and the four built-ins the bundle
 * needs before registration (fs, path, http, net) ~2 ms more than
 * getBuiltinModule on Node.js 20.
 *
 * A static import gets a small ES module that exports each name the
 * built-in has (on the Node.js that builds) as a pure read of the module
 * object, so the bundle keeps, and reads when it starts, only the names it
 * uses. An `import()` gets the module object wrapped the way esbuild wraps
 * CommonJS, when it runs. (Wrapping statically imported built-ins that way
 * too cost ~2 ms of CPU before registration: a getter per export of fs,
 * http, net… each time a bundled module imported one.)
 *
 * @example
 * esbuildPlugins: [getBuiltinModule]
 */
export const getBuiltinModule: EsbuildPlugin = {
  name: 'logdrain-get-builtin-module',
  setup(build) {
    build.onResolve({ filter: BUILTIN }, (args) => ({
      path: args.path.replace(/^node:/, ''),
      namespace: args.kind === 'import-statement' ? NAMED : NAMESPACE,
    }));
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
      contents: `module.exports = ${load(args.path)};`,
      loader: 'js',
    }));
    build.onLoad({ filter: /.*/, namespace: NAMED }, (args) => ({
      contents: namedExports(args.path),
      loader: 'js',
    }));
  },
};

function load(name: string): string {
  return `process.getBuiltinModule(${JSON.stringify(`node:${name}`)})`;
}

// `/* @__PURE__ */` lets esbuild drop the reads nothing imports.
function namedExports(name: string): string {
  // BUILTIN lists this Node.js's built-ins, so the module is there.
  const module = process.getBuiltinModule(`node:${name}`) as object;
  const names = Object.keys(module).filter(
    (key) => /^[A-Za-z_$][\w$]*$/.test(key) && key !== 'default'
  );
  return [
    `const m = ${load(name)};`,
    'export default m;',
    ...names.map(
      (key) => `export const ${key} = /* @__PURE__ */ (() => m.${key})();`
    ),
  ].join('\n');
}
