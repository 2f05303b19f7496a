export type { DecodedBody } from './decode-body.js';
export { decodeBody } from './decode-body.js';
export type {
  HttpsReceiver,
  HttpsReceiverOptions,
  ReceivedRequest,
  ReceiverReply,
} from './https-receiver.js';
export { startHttpsReceiver } from './https-receiver.js';
export type { SelfSignedCert } from './self-signed-cert.js';
export { createSelfSignedCert } from './self-signed-cert.js';
