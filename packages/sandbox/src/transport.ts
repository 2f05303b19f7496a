import http from 'node:http';
import net from 'node:net';

/** Where one subscriber's bodies go. */
export interface TransportTarget {
  protocol: 'HTTP' | 'TCP';
  /** Port on 127.0.0.1 (sandbox and sandbox.localdomain map there). */
  port: number;
  path: string;
  hostHeader: string;
  method: 'POST' | 'PUT';
}

/**
 * Sends bodies to a subscriber: an HTTP request per body on a keep-alive
 * connection, or NDJSON writes on one TCP connection (no acknowledgement: a
 * completed write counts as 200, spec 4.2).
 */
export class Transport {
  #target: TransportTarget;
  #agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  #socket: net.Socket | undefined;
  #request: http.ClientRequest | undefined;

  constructor(target: TransportTarget) {
    this.#target = target;
  }

  send(body: Buffer, done: (status: number | 'error') => void): void {
    if (this.#target.protocol === 'TCP') {
      this.#socket ??= this.#connect();
      this.#socket.write(body, (error) => done(error ? 'error' : 200));
      return;
    }
    const req = http.request({
      host: '127.0.0.1',
      port: this.#target.port,
      path: this.#target.path,
      method: this.#target.method,
      agent: this.#agent,
      headers: {
        host: this.#target.hostHeader,
        'content-type': 'application/json',
        'content-length': body.length,
      },
    });
    this.#request = req;
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
      res.on('error', () => done('error'));
    });
    req.on('error', () => done('error'));
    req.end(body);
  }

  /** Abandons the request in flight (attempt timeout). */
  abort(): void {
    this.#request?.destroy(new Error('delivery timed out'));
    this.#socket?.destroy();
  }

  close(): void {
    this.abort();
    this.#agent.destroy();
  }

  #connect(): net.Socket {
    const socket = net.connect({ host: '127.0.0.1', port: this.#target.port });
    // The write callback reports a failure; this keeps the event handled.
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (this.#socket === socket) this.#socket = undefined;
    });
    return socket;
  }
}
