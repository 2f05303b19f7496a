import { randomBytes } from 'node:crypto';

/** An invoke's X-Ray header and the TraceContext of its events (spec 4.6). */
export interface InvokeTrace {
  traceId: string;
  tracing: { spanId: string; type: string; value: string };
}

/** A fresh, unsampled X-Ray trace for one invoke. */
export function newTrace(): InvokeTrace {
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  const traceId = `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
  return {
    traceId,
    tracing: {
      spanId: randomBytes(8).toString('hex'),
      type: 'X-Amzn-Trace-Id',
      value: traceId,
    },
  };
}
