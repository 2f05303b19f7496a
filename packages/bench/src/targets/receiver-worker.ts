// A worker thread that runs testkit's HTTPS receiver, so decoding what the
// layer posts does not share the sandbox's event loop (the null extension's
// acknowledgements cost the sandbox nothing either).
import { parentPort } from 'node:worker_threads';
import { startHttpsReceiver } from '@logdrain/testkit';
import { countTagged } from './target.js';

/** A request from {@link startWebhookTarget}. */
export type ReceiverWorkerRequest =
  | { readonly type: 'count'; readonly tag: string }
  | { readonly type: 'close' };

/** An answer to the parent. */
export type ReceiverWorkerAnswer =
  | { readonly type: 'ready'; readonly url: string; readonly ca: string }
  | { readonly type: 'count'; readonly count: number };

const port = parentPort;
if (!port) throw new Error('receiver-worker runs in a worker thread');
const receiver = await startHttpsReceiver();
const send = (answer: ReceiverWorkerAnswer) => port.postMessage(answer);
port.on('message', (request: ReceiverWorkerRequest) => {
  if (request.type === 'close') {
    void receiver.close().then(() => port.close());
    return;
  }
  const records = receiver.acceptedRecords as Array<Record<string, unknown>>;
  send({ type: 'count', count: countTagged(records, request.tag) });
});
send({ type: 'ready', url: receiver.url, ca: receiver.ca });
