import {
  chmod,
  mkdir,
  mkdtemp,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type InvokeResult, startSandbox } from '@logdrain/sandbox';
import { startHttpsReceiver } from '@logdrain/testkit';
import { describe, expect, it } from 'vitest';

// Core's built dist against the independent sandbox: a real handler, a real
// extension process registered through the Extensions API, telemetry pushed
// by the sandbox's Telemetry API, batches POSTed over HTTPS to a real
// receiver with a self-signed certificate.

const NAME = 'logdrain-core-test';
const EXTENSION = fileURLToPath(
  new URL('./fixtures/core-extension.mjs', import.meta.url)
);
const HANDLER = fileURLToPath(
  new URL('./fixtures/levels-handler.mjs', import.meta.url)
);
const INVOKES = 5;
const LINES = 20;

/** The fields of a shipped LogEvent the assertions read. */
interface ShippedEvent {
  readonly type: string;
  readonly stream: string;
  readonly message: string;
  readonly requestId?: string;
}

/** A temporary folder holding a layer: a launcher and the extension. */
async function makeWorkDir() {
  const dir = await mkdtemp(join(tmpdir(), 'logdrain-core-sandbox-'));
  const layer = join(dir, 'layer');
  await mkdir(join(layer, 'extensions'), { recursive: true });
  await mkdir(join(layer, NAME));
  // Like the layers' launcher: the script sits relative to the launcher,
  // whose own path (argv[2]) names the extension.
  const launcher = join(layer, 'extensions', NAME);
  await writeFile(
    launcher,
    `#!/bin/sh\nexec node "$(dirname "$0")/../${NAME}/index.mjs" "$0"\n`
  );
  await chmod(launcher, 0o755);
  // A link: Node runs the script from its real path, so its import of
  // ../../dist/index.js finds core's build.
  await symlink(EXTENSION, join(layer, NAME, 'index.mjs'));
  return {
    dir,
    layer,
    async [Symbol.asyncDispose]() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The messages the handler's kept lines become, in order. */
function expectedMessages(): string[] {
  const messages: string[] = [];
  for (let invoke = 1; invoke <= INVOKES; invoke++) {
    for (let line = 0; line < LINES; line++) {
      const text = `invoke ${invoke} line ${line}`;
      if (line === 0) messages.push(`${text} mail [REDACTED:email]`);
      else if (line === 1) messages.push(`${text} card [REDACTED:credit-card]`);
      else if (line === 2) messages.push(`${text} [REDACTED] failed`);
      else messages.push(text);
    }
  }
  return messages;
}

describe('runExtension in the sandbox', () => {
  it('ships every kept function line once, filtered and redacted, and every report', async () => {
    await using work = await makeWorkDir();
    await using receiver = await startHttpsReceiver();
    const caFile = join(work.dir, 'receiver-ca.pem');
    await writeFile(caFile, receiver.ca);
    await using sandbox = await startSandbox({
      layers: [work.layer],
      handler: HANDLER,
      env: {
        NODE_EXTRA_CA_CERTS: caFile,
        LOGDRAIN_TEST_URL: receiver.url,
        LOGDRAIN_MIN_LEVEL: 'INFO',
        LOGDRAIN_REDACT: 'email,credit-card,/order-\\d+/',
      },
    });

    const invokes: InvokeResult[] = [];
    for (let invoke = 1; invoke <= INVOKES; invoke++) {
      invokes.push(await sandbox.invoke({ invoke }));
    }
    // The last invoke's lines and report reach the extension only now.
    const shutdown = await sandbox.shutdown();

    const shipped = receiver.acceptedRecords as ShippedEvent[];
    const messages = shipped
      .filter((event) => event.stream === 'function')
      .map((event) => event.message);
    const reports = shipped
      .filter((event) => event.type === 'platform.report')
      .map((event) => event.requestId);
    expect(sandbox.initReport.status).toBe('success');
    expect(invokes.map((result) => result.status)).toEqual(
      Array(INVOKES).fill('success')
    );
    expect(messages).toEqual(expectedMessages());
    expect(reports).toEqual(invokes.map((result) => result.requestId));
    expect(receiver.requests.every((r) => r.status === 200)).toBe(true);
    expect(shutdown.extensions).toEqual([
      expect.objectContaining({
        name: NAME,
        exitCode: 0,
        beforeDeadline: true,
      }),
    ]);
    // Silent when healthy: no warning, no loss line.
    expect(sandbox.extensionOutput).toEqual([]);
  }, 30_000);

  it('fails init naming every bad variable under LOGDRAIN_ON_CONFIG_ERROR=fail', async () => {
    await using work = await makeWorkDir();

    await using sandbox = await startSandbox({
      layers: [work.layer],
      handler: HANDLER,
      env: { LOGDRAIN_ON_CONFIG_ERROR: 'fail', LOGDRAIN_REDACT: 'email,phone' },
    });

    // Lambda reports any extension's init/error as Extension.InitError
    // (spec 3.4); the type core sends, Extension.ConfigInvalid, travels in a
    // header the sandbox does not record (run-extension.test.ts checks it).
    const initErrors = sandbox.apiCalls.filter((call) =>
      call.path.endsWith('/extension/init/error')
    );
    const lines = sandbox.extensionOutput.map(
      (line) => JSON.parse(line) as Record<string, unknown>
    );
    expect(sandbox.initReport).toMatchObject({
      status: 'error',
      errorType: 'Extension.InitError',
    });
    expect(initErrors.map((call) => call.status)).toEqual([202]);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        component: NAME,
        msg:
          `${NAME} cannot start: ` +
          'LOGDRAIN_REDACT must be a comma-separated list (or JSON array) of email, aws-access-key, bearer-token, credit-card and /regex/flags entries, got "phone"; ' +
          'LOGDRAIN_TEST_URL must be an absolute URL with scheme https, it is not set',
      }),
    ]);
  }, 30_000);
});
