import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLIENT = fileURLToPath(
  new URL('../dist/runtime-client.js', import.meta.url)
);
const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

describe('the built-in runtime client', () => {
  it('exits when it cannot report a crash because the sandbox is gone', async () => {
    // Nothing listens on port 9: the handler's import fails, the Runtime API
    // is unreachable and the log descriptor 3 is closed, as after the sandbox
    // process died. It used to loop on its own crash handler at full CPU.
    const child = spawn(process.execPath, [CLIENT], {
      cwd: FIXTURES,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        _HANDLER: 'held-handler.handler',
        LAMBDA_TASK_ROOT: FIXTURES,
        FIXTURE_CONTROL: 'http://127.0.0.1:9',
        AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9',
        _LAMBDA_TELEMETRY_LOG_FD: '3',
      },
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);

    const [code, signal] = await new Promise<[number | null, string | null]>(
      (resolve) => child.on('exit', (c, s) => resolve([c, s]))
    );
    clearTimeout(killer);

    expect(signal).toBeNull();
    expect(code).toBe(129);
  }, 30_000);
});
