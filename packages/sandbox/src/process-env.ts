import { randomBytes } from 'node:crypto';
import { basename, dirname, extname, join } from 'node:path';

// Not given to extensions (spec 1.4 and the choices of spec 11).
const RUNTIME_ONLY = new Set([
  'AWS_LAMBDA_LOG_FORMAT',
  'AWS_LAMBDA_LOG_LEVEL',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_MAX_CONCURRENCY',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
  'AWS_XRAY_CONTEXT_MISSING',
  'AWS_XRAY_DAEMON_ADDRESS',
]);

/** Settings both environments are built from. */
export interface EnvSettings {
  runtimeApi: string;
  functionName: string;
  functionVersion: string;
  memorySizeMb: number;
  region: string;
  handlerPath: string;
  optDir: string;
  tmpDir: string;
  /** PATH of every process (see search-path.ts). */
  path: string;
  /** How the handler runs; 'bootstrap' gets no Node.js variables. */
  runtime: 'node' | 'bootstrap';
  /** Major version of the Node.js binary running a 'node' runtime. */
  nodeMajor: number | undefined;
  /** Managed Instances: AWS_LAMBDA_MAX_CONCURRENCY and its init type. */
  maxConcurrency: number | undefined;
  logFormat: 'Text' | 'JSON';
  customer: Record<string, string>;
  logStreamName: string;
}

/** The two environments of spec 1.4 plus the handler setting. */
export interface ProcessEnvs {
  runtime: Record<string, string>;
  extension: Record<string, string>;
  /** `_HANDLER`, e.g. `index.handler`. */
  handler: string;
  taskRoot: string;
  /** Absolute path of the handler file. */
  handlerPath: string;
  /** Set in Managed Instances mode. */
  maxConcurrency: number | undefined;
}

/** InitType of spec 4.6: Managed Instances or on-demand. */
export function initializationType(maxConcurrency: number | undefined): string {
  return maxConcurrency === undefined
    ? 'on-demand'
    : 'lambda-managed-instances';
}

/** A log stream name in Lambda's `YYYY/MM/DD/[$LATEST]<32 hex>` form. */
export function makeLogStreamName(version: string): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[${version}]${randomBytes(16).toString('hex')}`;
}

/**
 * Customer variables first, then Lambda's reserved ones on top. Extensions
 * get no `_*` and no runtime-only variables (spec 1.4). A Node.js runtime
 * gets AWS_EXECUTION_ENV and NODE_PATH; a bootstrap (OS-only runtime) not.
 */
export function buildProcessEnvs(s: EnvSettings): ProcessEnvs {
  const taskRoot = dirname(s.handlerPath);
  const module = basename(s.handlerPath, extname(s.handlerPath));
  const handler = `${module}.handler`;
  const shared: Record<string, string> = {
    PATH: s.path,
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    // Lambda has no TMPDIR; it points at the sandbox's own /tmp here.
    TMPDIR: s.tmpDir,
    AWS_LAMBDA_RUNTIME_API: s.runtimeApi,
    AWS_REGION: s.region,
    AWS_DEFAULT_REGION: s.region,
    AWS_LAMBDA_FUNCTION_NAME: s.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: s.functionVersion,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(s.memorySizeMb),
    AWS_ACCESS_KEY_ID: 'ASIASANDBOXEXAMPLE00',
    AWS_SECRET_ACCESS_KEY: 'sandbox/secret/access/key/not/a/real/one00',
    AWS_SESSION_TOKEN: 'sandbox-session-token',
  };
  const customer = Object.fromEntries(
    Object.entries(s.customer).filter(([k]) => !(k in shared))
  );
  const extension = Object.fromEntries(
    Object.entries({ ...customer, ...shared }).filter(
      ([k]) => !k.startsWith('_') && !RUNTIME_ONLY.has(k)
    )
  );
  const runtime: Record<string, string> = {
    ...customer,
    ...shared,
    AWS_LAMBDA_INITIALIZATION_TYPE: initializationType(s.maxConcurrency),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${s.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: s.logStreamName,
    AWS_LAMBDA_LOG_FORMAT: s.logFormat,
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: taskRoot,
    _HANDLER: handler,
    _LAMBDA_TELEMETRY_LOG_FD: '3',
  };
  if (s.maxConcurrency !== undefined) {
    runtime.AWS_LAMBDA_MAX_CONCURRENCY = String(s.maxConcurrency);
  }
  if (s.runtime === 'node') {
    runtime.AWS_EXECUTION_ENV = `AWS_Lambda_nodejs${s.nodeMajor}.x`;
    runtime.NODE_PATH = join(s.optDir, 'nodejs', 'node_modules');
  }
  return {
    runtime,
    extension,
    handler,
    taskRoot,
    handlerPath: s.handlerPath,
    maxConcurrency: s.maxConcurrency,
  };
}
