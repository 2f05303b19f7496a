import { parseArgs } from 'node:util';
import { startSandbox } from './sandbox.js';

const USAGE = `usage: logdrain-sandbox run --layer PATH [--layer PATH...] --handler PATH
         [--invokes N] [--payload JSON] [--env K=V...] [--timeout-ms N]
         [--memory-mb N] [--log-format Text|JSON] [--node PATH|none]
         [--no-freeze] [--json]

Runs the layers' extensions and the handler in a local Lambda environment:
Init, N invokes, SHUTDOWN. Prints the extensions' output, each invoke and
the telemetry deliveries; --json prints one JSON document instead.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      layer: { type: 'string', multiple: true, default: [] },
      handler: { type: 'string' },
      invokes: { type: 'string', default: '1' },
      payload: { type: 'string', default: '{}' },
      env: { type: 'string', multiple: true, default: [] },
      'timeout-ms': { type: 'string' },
      'memory-mb': { type: 'string' },
      'log-format': { type: 'string' },
      node: { type: 'string' },
      'no-freeze': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals[0] !== 'run' || !values.handler) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const env: Record<string, string> = {};
  for (const pair of values.env) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--env takes K=V, got ${pair}`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const logFormat = values['log-format'];
  if (logFormat !== undefined && logFormat !== 'Text' && logFormat !== 'JSON') {
    throw new Error(`--log-format must be Text or JSON, got ${logFormat}`);
  }
  const invokes = Number(values.invokes);
  if (!Number.isInteger(invokes) || invokes < 0) {
    throw new Error(`--invokes must be a whole number, got ${values.invokes}`);
  }
  const sandbox = await startSandbox({
    layers: values.layer,
    handler: values.handler,
    env,
    freeze: !values['no-freeze'],
    ...(values.node ? { nodePath: values.node } : {}),
    ...(logFormat ? { logFormat } : {}),
    ...(values['timeout-ms']
      ? { timeoutMs: Number(values['timeout-ms']) }
      : {}),
    ...(values['memory-mb']
      ? { memorySizeMb: Number(values['memory-mb']) }
      : {}),
  });
  // Ctrl-C: kill the environment's processes before leaving.
  const interrupt = (): void => {
    void sandbox[Symbol.asyncDispose]().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const payload: unknown = JSON.parse(values.payload);
    const results = [];
    for (let i = 0; i < invokes; i += 1) {
      const result = await sandbox.invoke(payload);
      results.push(result);
      if (!values.json) {
        console.log(
          `invoke ${i + 1}: ${result.status} ${result.durationMs} ms, post-runtime ${result.postRuntimeMs} ms, response ${JSON.stringify(result.response)}`
        );
      }
    }
    const shutdown = await sandbox.shutdown();
    if (values.json) {
      console.log(
        JSON.stringify({
          initReport: sandbox.initReport,
          invokes: results,
          shutdown,
          extensionOutput: sandbox.extensionOutput,
          deliveries: sandbox.deliveries,
        })
      );
      return 0;
    }
    console.log(`init: ${JSON.stringify(sandbox.initReport)}`);
    for (const line of sandbox.extensionOutput)
      console.log(`extension | ${line}`);
    const counts = new Map<string, number>();
    for (const d of sandbox.deliveries) {
      const key = `${d.subscriber} ${d.status}`;
      counts.set(key, (counts.get(key) ?? 0) + d.events.length);
    }
    for (const [key, count] of counts)
      console.log(`delivered ${key}: ${count} events`);
    console.log(`shutdown: ${JSON.stringify(shutdown)}`);
    return 0;
  } finally {
    await sandbox[Symbol.asyncDispose]();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(
      `logdrain-sandbox: ${error instanceof Error ? error.message : String(error)}`
    );
    process.exitCode = 1;
  }
);
