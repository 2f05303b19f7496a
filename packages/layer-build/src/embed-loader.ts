/** The package whose names the embedded module gets from the bundle. */
export const CORE = '@logdrain/core';

/**
 * An embedded module as built: its code and the names it exports and
 * imports from core.
 *
 * @example
 * const embedded: Embedded = { code, exported: ['create'], coreNames: ['ConfigError'], fileName: 'destination.ts' };
 */
export interface Embedded {
  /** Minified CommonJS. */
  readonly code: string;
  readonly exported: readonly string[];
  readonly coreNames: readonly string[];
  /** For stack traces: `<bundle>#destination.ts`. */
  readonly fileName: string;
}

/**
 * The module an embedded module's import() gets (see embedModule): it reads
 * the module's text from its comment at the end of `index.mjs` and compiles
 * it. The loader's own names live in a function: the module's exports may
 * use any name (and core's are imported under aliases).
 *
 * @example
 * build.onLoad({ filter: /.*\/, namespace }, () => ({ contents: loaderModule({ ...embedded, marker }), loader: 'js' }));
 */
export function loaderModule(embedded: Embedded & { marker: string }): string {
  const aliased = embedded.coreNames.map((name) => `${name} as __core_${name}`);
  const passed = embedded.coreNames.map((name) => `${name}: __core_${name}`);
  // Top-level await: the bundle's import() of this module waits for it.
  return `import { ${aliased.join(', ')} } from '${CORE}';
const __logdrain_embedded = await (async () => {
  const { readFileSync } = await import('node:fs');
  const { compileFunction } = await import('node:vm');
  const { createRequire } = await import('node:module');
  const marker = ${JSON.stringify(embedded.marker)};
  // A comment's end, written so that the minifier does not fold it back:
  // registerFirst keeps this code in comments, which each "*" "/" splits.
  const end = ['*', '/'].join('');
  const text = readFileSync(new URL(import.meta.url), 'utf8');
  const code = text
    .slice(text.lastIndexOf(marker) + marker.length, text.lastIndexOf(end))
    .replaceAll('%2A/', end)
    .replaceAll('%25', '%');
  const nodeRequire = createRequire(import.meta.url);
  const core = { ${passed.join(', ')} };
  const module = { exports: {} };
  compileFunction(code, ['exports', 'require', 'module'], {
    filename: new URL(import.meta.url).pathname + ${JSON.stringify(`#${embedded.fileName}`)},
  })(module.exports, (id) => (id === '${CORE}' ? core : nodeRequire(id)), module);
  return module.exports;
})();
export const { ${embedded.exported.join(', ')} } = __logdrain_embedded;
`;
}
