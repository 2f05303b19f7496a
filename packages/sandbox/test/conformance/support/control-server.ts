import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A process of the environment that the test drives (fixtures/held-process.mjs). */
export interface HeldProcess {
  name: string;
  pid: number;
  env: Record<string, string>;
  /** host:port of the environment's APIs, from AWS_LAMBDA_RUNTIME_API. */
  api: string;
  /** Lets the process exit with this code. */
  exit(code: number): void;
}

/** The test's side of the held processes: who said hello, who got a signal. */
export interface ControlServer extends AsyncDisposable {
  /** The URL fixtures read from FIXTURE_CONTROL. */
  url: string;
  /** Resolves when the named process said hello (its `nth` start, from 0). */
  process(name: string, nth?: number): Promise<HeldProcess>;
  /** Whether the named process said hello already. */
  seen(name: string): boolean;
  /** Signals the processes reported, as "name:SIGNAL", in order. */
  signals: string[];
  /** SIGKILLs every held process that said hello and may still run. */
  killAll(): void;
}

/** Starts the control server the held fixtures talk to. */
export async function startControlServer(): Promise<ControlServer> {
  const held = new Map<string, HeldProcess>();
  const starts = new Map<string, HeldProcess[]>();
  const waiting = new Map<string, Array<() => void>>();
  const exits = new Map<string, http.ServerResponse>();
  const exitCodes = new Map<string, number>();
  const signals: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const [, kind, name = ''] = (req.url ?? '').split('/');
      const body = chunks.length
        ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            pid: number;
            env: Record<string, string>;
            signal: string;
          })
        : undefined;
      if (kind === 'hello' && body) {
        const proc: HeldProcess = {
          name,
          pid: body.pid,
          env: body.env,
          api: body.env.AWS_LAMBDA_RUNTIME_API ?? '',
          exit: (code) => {
            const pid = String(body.pid);
            exitCodes.set(pid, code);
            exits.get(pid)?.end(JSON.stringify({ exitCode: code }));
          },
        };
        held.set(name, proc);
        starts.set(name, [...(starts.get(name) ?? []), proc]);
        for (const wake of waiting.get(name) ?? []) wake();
        waiting.delete(name);
        res.end('{}');
      } else if (kind === 'wait') {
        // Keyed by pid: a restarted extension has the same name.
        const code = exitCodes.get(name);
        if (code !== undefined) res.end(JSON.stringify({ exitCode: code }));
        else exits.set(name, res);
      } else if (kind === 'signal' && body) {
        signals.push(`${name}:${body.signal}`);
        res.end('{}');
      } else {
        res.writeHead(404).end();
      }
    });
  });
  server.keepAliveTimeout = 0;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    signals,
    seen: (name) => held.has(name),
    killAll: () => {
      for (const proc of held.values()) {
        try {
          process.kill(proc.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    },
    process: (name, nth = 0) =>
      new Promise((done) => {
        const check = () => {
          const proc = starts.get(name)?.[nth];
          if (proc) done(proc);
          else waiting.set(name, [...(waiting.get(name) ?? []), check]);
        };
        check();
      }),
    [Symbol.asyncDispose]: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
