// `pnpm demo`: runs the built logdrain-webhook layer in the local Lambda
// sandbox beside examples/hello.mjs, points it at a local HTTPS receiver,
// invokes the function 20 times, shuts the environment down and prints what
// arrived. Exits 1 if any record was lost.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../packages/sandbox/dist/index.js';
import { startHttpsReceiver } from '../packages/testkit/dist/index.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const INVOKES = 20;
const LINES_PER_INVOKE = 5;
const SECRET = 'demo-secret';

/** The check a receiver makes (see apps/webhook/README.md). */
function verifySignature(request) {
  const fields = Object.fromEntries(
    String(request.headers['x-logdrain-signature'] ?? '')
      .split(',')
      .map((part) => part.split('='))
  );
  const expected = createHmac('sha256', SECRET)
    .update(`${fields.t}.`)
    .update(request.body)
    .digest();
  const given = Buffer.from(String(fields.v1 ?? ''), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function countBy(items, key) {
  const counts = new Map();
  for (const item of items) {
    counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => a.localeCompare(b));
}

async function run(receiver, caFile) {
  console.log(`receiver: ${receiver.url} (self-signed certificate)`);
  const sandbox = await startSandbox({
    layers: [join(root, 'apps/webhook/dist/layer.zip')],
    handler: join(root, 'examples/hello.mjs'),
    functionName: 'hello',
    env: {
      LOGDRAIN_WEBHOOK_URL: receiver.url,
      LOGDRAIN_WEBHOOK_CA_FILE: caFile,
      LOGDRAIN_WEBHOOK_SECRET: SECRET,
    },
  });
  try {
    console.log(
      `sandbox: init ${sandbox.initReport.status} in ${sandbox.initReport.durationMs.toFixed(0)} ms`
    );
    const requestIds = [];
    for (let n = 0; n < INVOKES; n++) {
      const result = await sandbox.invoke({ lines: LINES_PER_INVOKE });
      if (result.status !== 'success') {
        console.log(
          `invoke ${n + 1}: ${result.status} ${result.errorType ?? ''}`
        );
      }
      requestIds.push(result.requestId);
    }
    const shutdown = await sandbox.shutdown();
    const exits = shutdown.extensions
      .map(
        (e) =>
          `${e.name} exited ${e.exitCode ?? e.signal}${e.beforeDeadline ? ' before the deadline' : ' (killed at the deadline)'}`
      )
      .join(', ');
    console.log(`invoked ${INVOKES} times, shut down: ${exits}`);
    return report(receiver, sandbox, requestIds);
  } finally {
    await sandbox[Symbol.asyncDispose]();
  }
}

function report(receiver, sandbox, requestIds) {
  const records = receiver.acceptedRecords;
  const requests = receiver.requests;
  const verified = requests.filter(verifySignature).length;
  console.log(
    `\nreceived ${records.length} records in ${requests.length} requests (${verified}/${requests.length} signatures verified)`
  );
  console.log('\nrecords per type:');
  for (const [type, count] of countBy(records, (r) => r.type)) {
    console.log(`  ${type.padEnd(31)} ${count}`);
  }
  const firstFunction = records.filter((r) => r.type === 'function');
  console.log('\nfirst records (context and original record left out):');
  for (const record of [...records.slice(0, 3), ...firstFunction.slice(0, 3)]) {
    const { context, record: original, ...rest } = record;
    console.log(`  ${JSON.stringify(rest)}`);
  }
  console.log(`  context: ${JSON.stringify(records[0]?.context)}`);

  // Every line the handler wrote must have arrived exactly once, and every
  // invoke must have its platform.report.
  const expectedLines = requestIds.length * LINES_PER_INVOKE;
  const lineKeys = records
    .filter((r) => r.type === 'function')
    .map((r) => `${r.requestId} ${r.message}`);
  const uniqueLines = new Set(lineKeys).size;
  const reports = new Set(
    records.filter((r) => r.type === 'platform.report').map((r) => r.requestId)
  );
  const missingReports = requestIds.filter((id) => !reports.has(id)).length;
  const lost = expectedLines - uniqueLines + missingReports;
  const errors = sandbox.extensionOutput.filter((line) =>
    line.includes('"level":"error"')
  );
  console.log(
    `\nfunction lines: ${uniqueLines}/${expectedLines}, platform.report: ${reports.size}/${requestIds.length}, duplicates: ${lineKeys.length - uniqueLines}`
  );
  console.log(`lost: ${lost}`);
  for (const line of errors) console.log(`extension error: ${line}`);
  return lost === 0 && errors.length === 0 && verified === requests.length;
}

const work = await mkdtemp(join(tmpdir(), 'logdrain-demo-'));
const receiver = await startHttpsReceiver();
try {
  const caFile = join(work, 'receiver-ca.pem');
  await writeFile(caFile, receiver.ca);
  const ok = await run(receiver, caFile);
  process.exitCode = ok ? 0 : 1;
} finally {
  await receiver.close();
  await rm(work, { recursive: true, force: true });
}
