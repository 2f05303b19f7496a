import { describe, expect, it } from 'vitest';
import { RequestFramer } from '../src/fault-proxy-framer.js';

const head = (headers: string) =>
  `POST /in HTTP/1.1\r\nhost: 127.0.0.1\r\n${headers}\r\n`;

describe('RequestFramer', () => {
  it('cuts requests by content-length, across chunks', () => {
    const framer = new RequestFramer();
    const one = `${head('content-length: 5\r\n')}hello`;
    const two = `${head('Content-Length: 3\r\n')}abc`;
    const stream = Buffer.from(one + two);

    const first = framer.push(stream.subarray(0, 10));
    const rest = framer.push(stream.subarray(10, one.length + 4));
    const last = framer.push(stream.subarray(one.length + 4));

    expect(first).toEqual([]);
    expect(rest.map(String)).toEqual([one]);
    expect(last.map(String)).toEqual([two]);
    expect(framer.pendingBytes).toBe(0);
  });

  it('cuts chunked requests, with extensions and trailers', () => {
    const framer = new RequestFramer();
    const body = '5;ext=1\r\nhello\r\n3\r\nabc\r\n0\r\nx-trailer: 1\r\n\r\n';
    const request = `${head('transfer-encoding: chunked\r\n')}${body}`;

    const early = framer.push(Buffer.from(request.slice(0, -2)));
    const done = framer.push(Buffer.from(request.slice(-2)));

    expect(early).toEqual([]);
    expect(done.map(String)).toEqual([request]);
  });

  it('treats a request without a body length as having none', () => {
    const framer = new RequestFramer();
    const request = head('');

    const requests = framer.push(Buffer.from(request + request));

    expect(requests.map(String)).toEqual([request, request]);
  });
});
