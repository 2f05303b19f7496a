import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ApiRoutes, startApiServer } from './api-server.js';
import type { SandboxContext } from './context.js';
import { runInit } from './init-phase.js';
import { extractLayers } from './layers.js';
import { nodeMajorOf } from './node-binary.js';
import { buildProcessEnvs, makeLogStreamName } from './process-env.js';
import { createHandle, disposeContext } from './sandbox-handle.js';
import {
  findExtensions,
  findRuntimeClient,
  resolveOptions,
} from './sandbox-setup.js';
import { FreezableScheduler } from './scheduler.js';
import { buildSearchPath } from './search-path.js';
import { StatsSampler } from './stats-sampler.js';
import { subscribe } from './telemetry-api.js';
import { TelemetryBus } from './telemetry-bus.js';
import type { ApiCall, Sandbox, SandboxOptions } from './types.js';
import { Waiter } from './waiter.js';

/**
 * Starts a local Lambda execution environment: extracts the layers, serves
 * the Runtime, Extensions, Telemetry and Logs APIs on 127.0.0.1, runs the
 * Init phase with the layers' extensions and the handler, and resolves when
 * Init ended (successfully or not: see `initReport`).
 *
 * @example
 * await using sandbox = await startSandbox({ layers: ['layer.zip'], handler: 'index.mjs' });
 * const result = await sandbox.invoke({ hello: 'world' });
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const opts = resolveOptions(options);
  const nodePath = opts.nodePath === 'none' ? undefined : opts.nodePath;
  const nodeMajor = nodePath === undefined ? undefined : nodeMajorOf(nodePath);
  const runtimeClientPath =
    opts.runtime === 'node' ? findRuntimeClient() : undefined;
  const baseDir = await mkdtemp(join(tmpdir(), 'logdrain-sandbox-'));
  const optDir = join(baseDir, 'opt');
  const tmpDir = join(baseDir, 'tmp');
  const apiCalls: ApiCall[] = [];
  const runtimeCalls: ApiCall[] = [];
  let ctx: SandboxContext | undefined;
  let server: Server | undefined;
  try {
    await extractLayers({ layers: opts.layers, optDir });
    await mkdir(tmpDir);
    const externalNames = await findExtensions(optDir);
    const routes: ApiRoutes = {
      register: (ex, body) => ctx?.gen?.extensions.register(ex, body),
      extensionNext: (ex) => ctx?.gen?.extensions.next(ex),
      extensionError: (ex, kind) => ctx?.gen?.extensions.reportError(ex, kind),
      subscribe: (ex, api, body) => ctx && subscribe(ctx, ex, api, body),
      runtimeNext: (ex) => ctx?.gen?.runtime.next(ex),
      runtimeAnswer: (ex, id, body, kind) =>
        ctx?.gen?.runtime.answer(ex, id, body, kind),
      runtimeInitError: (ex, body) => ctx?.gen?.runtime.initErrorCall(ex, body),
    };
    const started = await startApiServer({ routes, apiCalls, runtimeCalls });
    server = started.server;
    const logStreamName = makeLogStreamName(opts.functionVersion);
    const path = await buildSearchPath({
      nodePath,
      optDir,
      scratchDir: baseDir,
    });
    ctx = {
      opts,
      runtimeApi: started.address,
      optDir,
      tmpDir,
      envs: buildProcessEnvs({
        runtimeApi: started.address,
        functionName: opts.functionName,
        functionVersion: opts.functionVersion,
        memorySizeMb: opts.memorySizeMb,
        region: opts.region,
        handlerPath: resolve(opts.handler),
        optDir,
        tmpDir,
        path,
        runtime: opts.runtime,
        nodeMajor,
        maxConcurrency:
          opts.mode === 'managed-instances' ? opts.maxConcurrency : undefined,
        logFormat: opts.logFormat,
        customer: opts.env,
        logStreamName,
      }),
      logStreamName,
      runtimeClientPath,
      nodeMajor,
      externalNames,
      bus: new TelemetryBus(),
      scheduler: new FreezableScheduler(),
      waiter: new Waiter(),
      gen: undefined,
      inits: 0,
      sampler: new StatsSampler(),
      phase: 'init',
      frozen: false,
      closed: false,
      initReport: { status: 'pending', durationMs: 0, phase: 'init' },
      pendingInitDurationMs: undefined,
      deliveries: [],
      subscriptionStats: [],
      paused: { all: false, names: new Set() },
      extensionOutput: [],
      functionOutput: [],
    };
    await runInit(ctx, 'init');
  } catch (error) {
    if (ctx) await disposeContext(ctx, server, baseDir);
    else await rm(baseDir, { recursive: true, force: true });
    throw error;
  }
  return createHandle(ctx, server, baseDir, apiCalls, runtimeCalls);
}
