import type { ContractServer, ContractSubject } from './subject.js';

/** What every check of one suite run shares: the subject and its server. */
export interface ContractRun {
  readonly subject: ContractSubject;
  readonly server: ContractServer;
  /** True when the server's endpoint is https (the proxy cannot see inside). */
  readonly tls: boolean;
  /** A fresh tag for a check's messages, so it finds its own records. */
  nextTag(check: string): string;
}

/** A started run; stop() stops the subject's server. */
export interface StartedContractRun extends ContractRun {
  stop(): Promise<void>;
}

/**
 * Starts the subject's server and checks that it offers what the suite
 * needs (an https server must count requests and answer as told).
 *
 * @example
 * const run = await startContractRun(subject);
 * const verdict = await CONTRACT_CHECKS[0].run(run);
 * await run.stop();
 */
export async function startContractRun<TServer extends ContractServer>(
  subject: ContractSubject<TServer>
): Promise<StartedContractRun> {
  const server = await subject.startServer();
  const tls = new URL(server.endpoint).protocol === 'https:';
  if (tls && (!server.requestCount || !server.answerNext)) {
    await server.stop();
    throw new Error(
      `contract subject "${subject.name}": an https server must implement requestCount() and answerNext() (the fault proxy cannot see inside TLS)`
    );
  }
  const stamp = Date.now().toString(36);
  let sequence = 0;
  return {
    // A subject typed for its own server kind works with the base type:
    // the suite hands createDestination the very server startServer made.
    subject: subject as unknown as ContractSubject,
    server,
    tls,
    nextTag(check) {
      sequence += 1;
      return `contract-${stamp}-${sequence}-${check}`;
    },
    stop: () => server.stop(),
  };
}
