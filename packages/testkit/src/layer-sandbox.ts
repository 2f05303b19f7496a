import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * What {@link startLayerInSandbox} hands the sandbox: the fields of
 * @logdrain/sandbox's SandboxOptions it sets.
 */
export interface LayerSandboxOptions {
  layers: string[];
  handler: string;
  functionName: string;
  env: Record<string, string>;
  region?: string;
  nodePath?: string;
}

/**
 * Options of {@link startLayerInSandbox}.
 *
 * @example
 * const opts: LayerInSandboxOptions<Sandbox> = { start: startSandbox, app: new URL('..', import.meta.url), functionName: 's3-e2e', env };
 */
export interface LayerInSandboxOptions<TSandbox> {
  /**
   * `startSandbox` from @logdrain/sandbox, passed in: the sandbox's own
   * tests use this package, so it cannot depend on the sandbox.
   */
  readonly start: (options: LayerSandboxOptions) => Promise<TSandbox>;
  /** The app's folder, e.g. `new URL('..', import.meta.url)` from its test/. */
  readonly app: URL;
  readonly functionName: string;
  readonly env: Record<string, string>;
  /** Default: the app's `test/fixtures/lines-handler.mjs`. */
  readonly handler?: string;
  readonly region?: string;
  /** The Node.js binary for the runtime and the layer; default this one. */
  readonly nodePath?: string;
}

/**
 * The layer `pnpm build` made in an app: the tests run exactly what ships.
 *
 * @example
 * const zip = layerZipOf(new URL('..', import.meta.url));
 */
export function layerZipOf(app: URL): string {
  return fileURLToPath(new URL('dist/layer.zip', withSlash(app)));
}

/**
 * Throws, naming the build command, when the app's layer zip is missing.
 *
 * @example
 * beforeAll(() => assertLayerBuilt(new URL('..', import.meta.url)));
 */
export async function assertLayerBuilt(app: URL): Promise<void> {
  const zip = layerZipOf(app);
  const found = await stat(zip).then(
    () => true,
    () => false
  );
  if (found) return;
  const manifest = await readFile(new URL('package.json', withSlash(app)), {
    encoding: 'utf8',
  });
  const { name } = JSON.parse(manifest) as { name: string };
  throw new Error(
    `${zip} is missing: run \`pnpm --filter ${name}... build\` first`
  );
}

/**
 * Starts an app's built layer in the sandbox with its lines handler, after
 * checking that the layer was built.
 *
 * @example
 * await using sandbox = await startLayerInSandbox({
 *   start: startSandbox,
 *   app: new URL('..', import.meta.url),
 *   functionName: 'otlp-e2e',
 *   env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url },
 * });
 */
export async function startLayerInSandbox<TSandbox>(
  opts: LayerInSandboxOptions<TSandbox>
): Promise<TSandbox> {
  await assertLayerBuilt(opts.app);
  return opts.start({
    layers: [layerZipOf(opts.app)],
    handler:
      opts.handler ??
      fileURLToPath(
        new URL('test/fixtures/lines-handler.mjs', withSlash(opts.app))
      ),
    functionName: opts.functionName,
    env: opts.env,
    ...(opts.region === undefined ? {} : { region: opts.region }),
    ...(opts.nodePath === undefined ? {} : { nodePath: opts.nodePath }),
  });
}

function withSlash(app: URL): URL {
  return app.href.endsWith('/') ? app : new URL(`${app.href}/`);
}
