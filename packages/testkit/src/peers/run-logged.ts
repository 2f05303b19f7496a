import { spawn } from 'node:child_process';
import { appendFile, open } from 'node:fs/promises';
import { readLogTail } from './log-tail.js';
import { PeerError } from './peer-error.js';

export interface RunLoggedOptions {
  readonly peer: string;
  readonly logFile: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Kills the command's process group after this long; default 20 min. */
  readonly timeoutMs?: number;
}

/**
 * Runs one install step with stdout and stderr appended to `logFile`.
 * Rejects with a PeerError naming the command, its exit and the log's tail.
 */
export async function runLogged(
  command: string,
  args: readonly string[],
  opts: RunLoggedOptions
): Promise<void> {
  const line = [command, ...args].join(' ');
  await appendFile(opts.logFile, `\n$ ${line}\n`);
  const log = await open(opts.logFile, 'a');
  const timeoutMs = opts.timeoutMs ?? 20 * 60_000;
  let outcome: string;
  try {
    outcome = await new Promise<string>((resolve) => {
      const child = spawn(command, args, {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        stdio: ['ignore', log.fd, log.fd],
        detached: true,
      });
      const timer = setTimeout(() => {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      }, timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        resolve(`could not start: ${error.message}`);
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve('');
        else if (signal === 'SIGKILL')
          resolve(`killed after ${timeoutMs} ms (timeout)`);
        else resolve(`exited with ${code ?? signal}`);
      });
    });
  } finally {
    await log.close();
  }
  if (outcome === '') return;
  const tail = await readLogTail(opts.logFile);
  throw new PeerError(
    opts.peer,
    `${opts.peer}: \`${line}\` ${outcome}; log ${opts.logFile}, last lines:\n${tail}`,
    opts.logFile
  );
}
