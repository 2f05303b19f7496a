import { basename, join } from 'node:path';
import { Child } from './child.js';
import type { Generation, SandboxContext } from './context.js';
import { createFrameReader } from './frame-reader.js';
import {
  emitExtensionLine,
  emitFunctionFrame,
  emitFunctionLine,
} from './records.js';

/** Starts /opt/extensions/<name> with the extension environment (spec 1.5). */
export function launchExtension(
  ctx: SandboxContext,
  gen: Generation,
  name: string
): void {
  const record = gen.extensions.records.get(name);
  if (!record) return;
  const child = new Child({
    command: join(ctx.optDir, 'extensions', name),
    args: [],
    env: ctx.envs.extension,
    cwd: ctx.optDir,
    onLine: (line) => emitExtensionLine(ctx, line),
  });
  record.child = child;
  record.stats = {
    name,
    kind: 'extension',
    pid: child.pid,
    generation: ctx.inits - 1,
    spawnedAtMs: Date.now(),
  };
  ctx.sampler.track(child, record.stats);
  void child.exited.then(() => {
    if (child.launchError) {
      record.state = 'LaunchError';
      record.errorType = 'Extension.LaunchError';
    } else if (gen.shuttingDown) {
      if (record.state !== 'InitError' && record.state !== 'ExitError') {
        record.state = 'Exited';
      }
      // Nobody listens any more: stop delivering to this extension.
      ctx.bus.subscriptionOf(name)?.subscriber.stop();
    } else {
      // Any exit outside shutdown is a crash, even with code 0 (spec 7.4).
      record.errorType ??= 'Extension.Crash';
      if (record.state !== 'InitError' && record.state !== 'ExitError') {
        record.state = 'Exited';
      }
    }
    record.pending = undefined;
    ctx.waiter.notify();
  });
}

/**
 * Starts the runtime once every extension registered (spec 2.1): the
 * built-in Node.js client for a JS module, else the handler file itself.
 */
export function launchRuntime(ctx: SandboxContext, gen: Generation): void {
  const handlerPath = ctx.envs.handlerPath;
  const [command, args] = ctx.runtimeClientPath
    ? [ctx.opts.nodePath, [ctx.runtimeClientPath]]
    : [handlerPath, []];
  const child = new Child({
    command,
    args,
    env: ctx.envs.runtime,
    cwd: ctx.envs.taskRoot,
    onLine: (line) => emitFunctionLine(ctx, line),
    onFd3: createFrameReader((frame) => emitFunctionFrame(ctx, frame)),
  });
  gen.runtimeChild = child;
  gen.runtimeStats = {
    name: basename(handlerPath),
    kind: 'runtime',
    pid: child.pid,
    generation: ctx.inits - 1,
    spawnedAtMs: Date.now(),
  };
  ctx.sampler.track(child, gen.runtimeStats);
  void child.exited.then(() => {
    if (!gen.shuttingDown) {
      // A bootstrap that cannot be executed (error types of spec 4.6).
      gen.runtimeExit = child.launchError
        ? 'Runtime.InvalidEntrypoint'
        : 'Runtime.ExitError';
    }
    gen.runtime.close();
    ctx.waiter.notify();
  });
}
