import { dirname, resolve } from 'node:path';
import type { Options } from 'tsup';
import { EMBEDDED_MARKER } from './embed-module.js';
import {
  REGISTER_PARAM_NAMESPACE,
  type RegisterEntry,
  readRegisterEntry,
  registerParam,
} from './register-param.js';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];
type PluginBuild = Parameters<EsbuildPlugin['setup']>[0];

const REGISTER = '@logdrain/core/register';
/** The app's parameters: core's register entry and the bundle's URL. */
const PARAMS = '__logdrain_register,__logdrain_url';

/**
 * An esbuild plugin that makes a layer's bundle register before V8 compiles
 * the app: the bundle's code is only `@logdrain/core/register` (the logger,
 * the Extensions API client, registration) and a few lines that call
 * registerEarly, wait for the answer, then evaluate the app (indirect
 * eval), kept in comments in a function at the end of `index.mjs`, as an
 * async function that receives core's register entry, so that code exists
 * once. The app's runExtension takes the registration over
 * (takeEarlyStart). `import.meta.url` in the app is the bundle's URL;
 * stack frames name it `<defaultName>/index.mjs#main.ts`. `appPlugins`
 * bundle the app (embedModule, getBuiltinModule).
 *
 * @example
 * esbuildPlugins: [registerFirst({ defaultName: 'logdrain-webhook', appPlugins: [getBuiltinModule] }), getBuiltinModule]
 */
export function registerFirst(opts: {
  defaultName: string;
  appPlugins: EsbuildPlugin[];
}): EsbuildPlugin {
  return {
    name: 'logdrain-register-first',
    async setup(build) {
      const cwd = build.initialOptions.absWorkingDir ?? process.cwd();
      const entry = resolve(cwd, firstEntry(build.initialOptions.entryPoints));
      const register = await readRegisterEntry(build, REGISTER, dirname(entry));
      const { code, embedded } = await buildApp(
        build,
        entry,
        register,
        opts.appPlugins
      );
      build.initialOptions.footer = {
        js: `function ${HOLDER}(){${APP_MARKER}${code.split('*/').join(JUNCTION)}\n//# sourceURL=${opts.defaultName}/index.mjs#main.ts*/}${embedded}`,
      };
      const exact = new RegExp(`^${entry.replace(/\W/g, '\\$&')}$`);
      let replaced = false;
      build.onLoad({ filter: exact }, () => {
        replaced = true;
        return {
          contents: prelude(opts.defaultName),
          resolveDir: dirname(entry),
          loader: 'js',
        };
      });
      // Else the app would be bundled whole and kept in comments too.
      build.onEnd((result) => {
        if (!replaced && result.errors.length === 0) {
          throw new Error(
            `registerFirst: the build never loaded ${entry} (a symlink?), so the bundle would hold the app twice`
          );
        }
      });
    },
  };
}

const APP_MARKER = '/*logdrain-app:main.ts\n';
/** A function whose body is the app, in comments: its text is the app's. */
const HOLDER = '__logdrain_app';
/**
 * Where the app's code holds a comment's end, one comment ends and the next
 * begins: the text between two comments is this, read back as `*\/`.
 */
const JUNCTION = '*//*';

// The app's text is a slice of the module's source (the holder's, through
// Function.prototype.toString), not a copy: index.mjs is not read again, and
// eval compiles the slice in place unless the app's code holds `*\/`, whose
// pieces join into one copy. Its name in stack frames is fixed at build
// time for the same reason. Under --disallow-code-generation-from-strings
// (the function's NODE_OPTIONS reach the extension) eval throws EvalError
// and node:vm, which the flag leaves alone, compiles it (~4 ms more, so
// eval goes first). The app's promise rejects only when it fails to
// compile or throws before runExtension takes over (which handles its own
// failures): failEarlyStart reports that to init/error and exits 1.
function prelude(defaultName: string): string {
  const from = `function ${HOLDER}(){${APP_MARKER}`.length;
  const filename = JSON.stringify(`${defaultName}/index.mjs#main.ts`);
  return `import * as core from '${REGISTER}';
const start = core.registerEarly({ defaultName: ${JSON.stringify(defaultName)} });
await start.registration.then(() => undefined, () => undefined);
const pieces = ${HOLDER}.toString().slice(${from}, -3).split('${JUNCTION}');
const text = pieces.join('*/');
try {
  await compile()(core, import.meta.url);
} catch (error) {
  await core.failEarlyStart(start, error);
}
function compile() {
  try {
    return (0, eval)(text);
  } catch (error) {
    if (!(error instanceof EvalError)) throw error;
    return process.getBuiltinModule('node:vm').runInThisContext(text, { filename: ${filename} });
  }
}
`;
}

async function buildApp(
  build: PluginBuild,
  entry: string,
  register: RegisterEntry,
  appPlugins: EsbuildPlugin[]
): Promise<{ code: string; embedded: string }> {
  const result = await build.esbuild.build({
    entryPoints: [entry],
    absWorkingDir: build.initialOptions.absWorkingDir,
    alias: build.initialOptions.alias,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    define: { 'import.meta.url': '__logdrain_url' },
    logOverride: { 'import-is-undefined': 'error' },
    logLevel: 'warning',
    metafile: true,
    // Licence comments stay in place: at the end ('eof', the default) they
    // would follow the embedded module, whose loader reads the last `*\/`.
    legalComments: 'inline',
    plugins: [registerParam(register, '__logdrain_register'), ...appPlugins],
  });
  const rerouted = Object.keys(result.metafile.inputs).some((input) =>
    input.startsWith(`${REGISTER_PARAM_NAMESPACE}:`)
  );
  if (!rerouted) {
    throw new Error(
      `registerFirst: the app never imports ${register.path} (${REGISTER}), so it would register a second time`
    );
  }
  const text = result.outputFiles?.[0]?.text ?? '';
  const cut = text.lastIndexOf(`\n${EMBEDDED_MARKER}`);
  const end = cut === -1 ? text.length : cut;
  return {
    code: `(async function(${PARAMS}){"use strict";\n${text.slice(0, end)}\n})`,
    embedded: text.slice(end),
  };
}

function firstEntry(
  entryPoints: PluginBuild['initialOptions']['entryPoints']
): string {
  const first = Array.isArray(entryPoints)
    ? entryPoints[0]
    : Object.values(entryPoints ?? {})[0];
  if (first === undefined)
    throw new Error('registerFirst needs an entry point');
  return typeof first === 'string' ? first : first.in;
}
