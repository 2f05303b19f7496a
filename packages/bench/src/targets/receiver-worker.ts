// A worker thread that runs the webhook target's HTTPS receiver, so reading
// what the layer posts does not share the sandbox's event loop (the null
// extension's acknowledgements cost the sandbox nothing either). It answers
// 200 to every POST and keeps only the distinct tagged lines it saw.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parentPort } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { createSelfSignedCert } from '@logdrain/testkit';
import { threadCpuMs } from '../measure/cpu-readings.js';
import { TaggedLines } from './tagged-lines.js';

/** A request from {@link startWebhookTarget}. */
export type ReceiverWorkerRequest =
  | { readonly type: 'count'; readonly tag: string }
  | { readonly type: 'cpu' }
  | { readonly type: 'close' };

/** An answer to the parent. */
export type ReceiverWorkerAnswer =
  | { readonly type: 'ready'; readonly url: string; readonly ca: string }
  | { readonly type: 'count'; readonly count: number }
  | { readonly type: 'cpu'; readonly ms: number | undefined };

const port = parentPort;
if (!port) throw new Error('receiver-worker runs in a worker thread');
const lines = new TaggedLines();
const { key, cert } = await createSelfSignedCert();
const server = createServer({ key, cert }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const gzip = req.headers['content-encoding'] === 'gzip';
    lines.add((gzip ? gunzipSync(raw) : raw).toString('utf8'));
    res.writeHead(200).end();
  });
});
await new Promise<void>((listening) =>
  server.listen(0, '127.0.0.1', listening)
);
const send = (answer: ReceiverWorkerAnswer) => port.postMessage(answer);
port.on('message', (request: ReceiverWorkerRequest) => {
  if (request.type === 'close') {
    server.closeAllConnections();
    server.close(() => port.close());
    return;
  }
  if (request.type === 'cpu') {
    // This thread's own CPU time (its schedstat), not the whole process's.
    send({ type: 'cpu', ms: threadCpuMs() });
    return;
  }
  send({ type: 'count', count: lines.count(request.tag) });
});
const { port: listening } = server.address() as AddressInfo;
send({
  type: 'ready',
  url: `https://127.0.0.1:${listening}/ingest`,
  ca: cert,
});
