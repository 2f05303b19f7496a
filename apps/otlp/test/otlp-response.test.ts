import { describe, expect, it } from 'vitest';
import { describeErrorBody, readPartialSuccess } from '../src/otlp-response.js';

const noProtobuf = () => {
  throw new Error('not protobuf');
};

/** ExportLogsServiceResponse{partial_success{rejected=2, error_message}} */
function protobufPartial(rejected: number, message: string): Buffer {
  const text = Buffer.from(message);
  const inner = Buffer.concat([
    Buffer.from([0x08, rejected, 0x12, text.length]),
    text,
  ]);
  return Buffer.concat([Buffer.from([0x0a, inner.length]), inner]);
}

describe('readPartialSuccess', () => {
  it('reads an OTLP/JSON partial success with a string int64', () => {
    const body = Buffer.from(
      '{"partialSuccess":{"rejectedLogRecords":"2","errorMessage":"bad time"}}'
    );

    const partial = readPartialSuccess({
      body,
      contentType: 'application/json',
      decodeProtobuf: noProtobuf,
    });

    expect(partial).toEqual({
      rejectedLogRecords: 2,
      errorMessage: 'bad time',
    });
  });

  it('reads a protobuf partial success', async () => {
    const { ProtobufLogsSerializer } = await import(
      '@opentelemetry/otlp-transformer'
    );

    const partial = readPartialSuccess({
      body: protobufPartial(3, 'too old'),
      contentType: 'application/x-protobuf',
      decodeProtobuf: (data) =>
        ProtobufLogsSerializer.deserializeResponse(data),
    });

    expect(partial).toEqual({ rejectedLogRecords: 3, errorMessage: 'too old' });
  });

  it.each([
    ['an empty body', Buffer.alloc(0), 'application/json'],
    ['an empty JSON object', Buffer.from('{}'), 'application/json'],
    ['an unreadable body', Buffer.from('<html>'), 'application/json'],
  ])('counts nothing refused for %s', (_, body, contentType) => {
    expect(
      readPartialSuccess({ body, contentType, decodeProtobuf: noProtobuf })
    ).toEqual({ rejectedLogRecords: 0, errorMessage: '' });
  });
});

describe('describeErrorBody', () => {
  it('reads the message of a google.rpc.Status in JSON and protobuf', () => {
    const protobuf = Buffer.concat([
      Buffer.from([0x08, 0x03, 0x12, 0x07]),
      Buffer.from('bad req'),
    ]);

    expect(
      describeErrorBody({
        body: Buffer.from('{"code":3,"message":"invalid record"}'),
        contentType: 'application/json',
      })
    ).toBe('invalid record');
    expect(
      describeErrorBody({
        body: protobuf,
        contentType: 'application/x-protobuf',
      })
    ).toBe('bad req');
  });

  it('passes any other body through as text', () => {
    expect(
      describeErrorBody({
        body: Buffer.from('Service Unavailable'),
        contentType: 'text/plain',
      })
    ).toBe('Service Unavailable');
  });
});
