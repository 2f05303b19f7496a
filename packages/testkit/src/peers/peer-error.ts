/** An install or start of a real server failed; the message ends with the log's tail. */
export class PeerError extends Error {
  override readonly name: string = 'PeerError';
  constructor(
    readonly peer: string,
    message: string,
    readonly logFile?: string,
    opts?: ErrorOptions
  ) {
    super(message, opts);
  }
}
