import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

const live = new Set<Child>();
let exitHookInstalled = false;

/** How a child process ended. */
export interface ChildExit {
  code: number | null;
  signal: string | null;
  atMs: number;
}

/**
 * A runtime or extension process in its own process group, so freezing and
 * killing reach whatever it started (a launcher that does not exec, say).
 */
export class Child {
  readonly pid: number | undefined;
  readonly exited: Promise<ChildExit>;
  /** Resolves when stdout, stderr and extra pipes are fully read. */
  readonly drained: Promise<void>;
  exit: ChildExit | undefined;
  launchError: Error | undefined;
  #proc: ChildProcess;
  #chunks = 0;

  constructor(opts: {
    command: string;
    args: readonly string[];
    env: Record<string, string>;
    cwd: string;
    onLine: (line: string, stream: 'stdout' | 'stderr') => void;
    /** Extra pipe as fd 3 (the framed log descriptor). */
    onFd3?: (chunk: Buffer) => void;
  }) {
    installExitHook();
    const fd3 = opts.onFd3 ? ['pipe'] : [];
    this.#proc = spawn(opts.command, opts.args, {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', ...fd3] as Array<'pipe' | 'ignore'>,
    });
    this.pid = this.#proc.pid;
    live.add(this);
    const streams: Array<Promise<void>> = [
      readLines(
        this.#proc.stdout,
        () => this.#chunks++,
        (l) => opts.onLine(l, 'stdout')
      ),
      readLines(
        this.#proc.stderr,
        () => this.#chunks++,
        (l) => opts.onLine(l, 'stderr')
      ),
    ];
    const extra = this.#proc.stdio[3] as Readable | null | undefined;
    if (opts.onFd3 && extra) {
      const onFd3 = opts.onFd3;
      streams.push(
        new Promise((done) => {
          extra.on('data', (chunk: Buffer) => {
            this.#chunks += 1;
            onFd3(chunk);
          });
          extra.on('close', () => done());
          extra.on('error', () => done());
        })
      );
    }
    this.drained = Promise.all(streams).then(() => undefined);
    this.exited = new Promise((resolve) => {
      this.#proc.on('error', (error) => {
        this.launchError = error;
        this.exit ??= { code: null, signal: null, atMs: Date.now() };
        live.delete(this);
        resolve(this.exit);
      });
      this.#proc.on('exit', (code, signal) => {
        this.exit ??= { code, signal, atMs: Date.now() };
        live.delete(this);
        resolve(this.exit);
      });
    });
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  /** Sends a signal to the whole process group; ignores a gone group. */
  signal(sig: NodeJS.Signals): void {
    if (this.pid === undefined || !this.alive) return;
    try {
      process.kill(-this.pid, sig);
    } catch {
      try {
        this.#proc.kill(sig);
      } catch {
        // Already gone.
      }
    }
  }

  /**
   * Resolves after two event-loop turns in which none of the pipes had data:
   * output written before the process made an API call has then been read.
   */
  async settle(maxTurns = 20): Promise<void> {
    let quiet = 0;
    for (let turn = 0; turn < maxTurns && quiet < 2; turn += 1) {
      const before = this.#chunks;
      await new Promise((resolve) => setImmediate(resolve));
      quiet = this.#chunks === before ? quiet + 1 : 0;
    }
  }

  /** SIGKILL and wait for the exit. */
  async kill(): Promise<ChildExit> {
    this.signal('SIGKILL');
    return this.exited;
  }
}

function readLines(
  stream: Readable | null,
  onChunk: () => void,
  onLine: (line: string) => void
): Promise<void> {
  if (!stream) return Promise.resolve();
  const decoder = new StringDecoder('utf8');
  let rest = '';
  return new Promise((done) => {
    stream.on('data', (chunk: Buffer) => {
      onChunk();
      const text = rest + decoder.write(chunk);
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    const end = (): void => {
      rest += decoder.end();
      if (rest !== '') onLine(rest);
      rest = '';
      done();
    };
    stream.on('close', end);
    stream.on('error', end);
  });
}

// Safety net: a test run that dies must not leave (stopped) processes behind.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) {
      child.signal('SIGCONT');
      child.signal('SIGKILL');
    }
  });
}
