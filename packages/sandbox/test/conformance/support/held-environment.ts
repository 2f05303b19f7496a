import { join } from 'node:path';
import { startSandbox } from '../../../src/index.js';
import type { Sandbox, SandboxOptions } from '../../../src/types.js';
import { FIXTURES, launcher, makeLayerDir, tempDir } from '../../helpers.js';
import {
  type ControlServer,
  type HeldProcess,
  startControlServer,
} from './control-server.js';

export const HELD_PROCESS = join(FIXTURES, 'held-process.mjs');
export const HELD_HANDLER = join(FIXTURES, 'held-handler.mjs');

/** An environment whose extensions (and optionally runtime) the test drives. */
export interface HeldEnvironment extends AsyncDisposable {
  control: ControlServer;
  /** Resolves when Init ended, as startSandbox does. */
  started: Promise<Sandbox>;
  /** The held extension of that name, once it said hello (`nth` start). */
  extension(name: string, nth?: number): Promise<HeldProcess>;
  /** The held runtime (only with `heldRuntime`), its `nth` start. */
  runtime(nth?: number): Promise<HeldProcess>;
}

/**
 * Starts a sandbox whose layer has one held extension per name; with
 * `heldRuntime` the handler is held too, so the test plays the runtime.
 */
export async function startHeldEnvironment(opts: {
  extensions: string[];
  heldRuntime?: boolean;
  handler?: string;
  sandbox?: Partial<SandboxOptions>;
}): Promise<HeldEnvironment> {
  const dir = await tempDir();
  const control = await startControlServer();
  const layer = await makeLayerDir(
    join(dir.path, 'layer'),
    Object.fromEntries(opts.extensions.map((n) => [n, launcher(HELD_PROCESS)]))
  );
  const started = startSandbox({
    layers: [layer],
    handler: opts.heldRuntime ? HELD_HANDLER : (opts.handler ?? HELD_HANDLER),
    ...opts.sandbox,
    env: { FIXTURE_CONTROL: control.url, ...opts.sandbox?.env },
  });
  // Disposal must not throw for a start that failed: the test sees that.
  started.catch(() => undefined);
  return {
    control,
    started,
    extension: (name, nth) => control.process(name, nth),
    runtime: (nth) => control.process('runtime', nth),
    [Symbol.asyncDispose]: async () => {
      // A test that left Init unfinished: crash it rather than wait it out.
      let settled = false;
      const settle = () => {
        settled = true;
      };
      void started.then(settle, settle);
      await new Promise((done) => setImmediate(done));
      if (!settled) control.killAll();
      const sandbox = await started.catch(() => undefined);
      await sandbox?.[Symbol.asyncDispose]();
      await control[Symbol.asyncDispose]();
      await dir[Symbol.asyncDispose]();
    },
  };
}
