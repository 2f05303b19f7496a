/** One command-line option: its parseArgs shape and its --help line. */
interface CliOption {
  name: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  arg?: string;
  default: string;
  help: string;
}

/** Every option of `logdrain-sandbox run`, in --help order. */
export const CLI_OPTIONS: readonly CliOption[] = [
  {
    name: 'layer',
    type: 'string',
    multiple: true,
    arg: 'PATH',
    default: 'none',
    help: 'Layer zip or folder; repeat for more (extracted in order into /opt).',
  },
  {
    name: 'handler',
    type: 'string',
    arg: 'PATH',
    default: 'required',
    help: 'The function: a .js/.mjs/.cjs module exporting `handler`, or any bootstrap executable.',
  },
  {
    name: 'runtime',
    type: 'string',
    arg: 'node|bootstrap',
    default: 'from the file name',
    help: 'node: the built-in Node.js runtime client loads the module; bootstrap: the file is executed.',
  },
  {
    name: 'invokes',
    type: 'string',
    arg: 'N',
    default: '1',
    help: 'Invokes to run after Init.',
  },
  {
    name: 'payload',
    type: 'string',
    arg: 'JSON',
    default: '{}',
    help: 'Event of every invoke.',
  },
  {
    name: 'lines',
    type: 'string',
    arg: 'N',
    default: '0',
    help: 'Lines the built-in Node.js runtime logs per invoke before the handler runs.',
  },
  {
    name: 'line-bytes',
    type: 'string',
    arg: 'B',
    default: '100',
    help: 'Bytes of each generated line (its message).',
  },
  {
    name: 'env',
    type: 'string',
    multiple: true,
    arg: 'K=V',
    default: 'none',
    help: 'Function variable for the runtime and the extensions; repeat for more.',
  },
  {
    name: 'node',
    type: 'string',
    arg: 'PATH|none',
    default: 'this Node.js',
    help: "Node.js binary for the runtime, first on every PATH; 'none' leaves Node.js off every PATH.",
  },
  {
    name: 'managed-instances',
    type: 'boolean',
    default: 'off',
    help: 'Lambda Managed Instances: SHUTDOWN-only extensions, invokes at once, no freeze.',
  },
  {
    name: 'max-concurrency',
    type: 'string',
    arg: 'N',
    default: '4',
    help: 'With --managed-instances: AWS_LAMBDA_MAX_CONCURRENCY and invokes sent at once.',
  },
  {
    name: 'timeout-ms',
    type: 'string',
    arg: 'N',
    default: '3000',
    help: 'Function timeout over the whole invoke phase.',
  },
  {
    name: 'memory-mb',
    type: 'string',
    arg: 'N',
    default: '128',
    help: 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE.',
  },
  {
    name: 'log-format',
    type: 'string',
    arg: 'Text|JSON',
    default: 'Text',
    help: 'AWS_LAMBDA_LOG_FORMAT of the runtime.',
  },
  {
    name: 'function-name',
    type: 'string',
    arg: 'NAME',
    default: 'sandbox-function',
    help: 'AWS_LAMBDA_FUNCTION_NAME.',
  },
  {
    name: 'init-timeout-ms',
    type: 'string',
    arg: 'N',
    default: '10000',
    help: 'Init limit.',
  },
  {
    name: 'shutdown-budget-ms',
    type: 'string',
    arg: 'N',
    default: '2000',
    help: 'Shutdown limit; SHUTDOWN carries deadlineMs within it.',
  },
  {
    name: 'buffer-bytes',
    type: 'string',
    arg: 'N',
    default: '8388608',
    help: "Each subscriber's telemetry buffer; beyond it records are dropped (platform.logsDropped).",
  },
  {
    name: 'no-freeze',
    type: 'boolean',
    default: 'off',
    help: 'Do not SIGSTOP the processes between invokes.',
  },
  {
    name: 'verbose',
    type: 'boolean',
    default: 'off',
    help: "Also print the extensions' output lines.",
  },
  {
    name: 'json',
    type: 'boolean',
    default: 'off',
    help: 'Print one JSON document instead of the summary.',
  },
  { name: 'help', type: 'boolean', default: 'off', help: 'Print this help.' },
];

/** The --help text, generated from {@link CLI_OPTIONS}. */
export function usage(): string {
  const rows = CLI_OPTIONS.map((o) => {
    const left = `  --${o.name}${o.arg ? ` ${o.arg}` : ''}`;
    return `${left.padEnd(34)}${o.help} Default: ${o.default}.`;
  });
  return [
    'usage: logdrain-sandbox run --handler PATH [--layer PATH]... [options]',
    '',
    "Runs the layers' extensions and the handler in a local Lambda execution",
    'environment: Init, the invokes, SHUTDOWN. Prints init time, each invoke,',
    'deliveries per subscriber, what became of every function line, and each',
    "extension process's start-up times, peak RSS, CPU time and exit.",
    '',
    'options:',
    ...rows,
    '',
    'Exit status: 0 when the run completed, 1 when it could not run, 2 for a',
    'usage error.',
  ].join('\n');
}
