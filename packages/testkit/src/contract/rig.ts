import { type FaultProxy, startFaultProxy } from '../fault-proxy.js';
import type { ContractRun } from './contract-run.js';
import type { ContractDestination } from './destination-shape.js';
import type { ContractReply } from './subject.js';
import type { VerdictBuilder } from './verdict.js';

/** One destination aimed at a fault proxy in front of the real server. */
export interface Rig {
  readonly destination: ContractDestination;
  readonly proxy: FaultProxy;
  /** Requests the server (or, for plain http, the proxy) has seen. */
  requestCount(): number;
  /** The next `count` requests are answered `reply` instead of by the server. */
  answerNext(reply: ContractReply, count: number): Promise<void>;
  /** Forgets injected answers not given yet. */
  clearAnswers(): Promise<void>;
  /** Closes the destination once, noting a throw as a broken rule. */
  closeDestination(): Promise<void>;
  /** Closes the destination (if not yet) and the proxy. */
  close(): Promise<void>;
}

/**
 * Starts a fault proxy in front of the run's server and builds the
 * subject's destination aimed at it.
 *
 * @example
 * const rig = await openRig(run, verdict);
 * try { await rig.destination.send(batch, ctx); } finally { await rig.close(); }
 */
export async function openRig(
  run: ContractRun,
  verdict: VerdictBuilder
): Promise<Rig> {
  const { server, subject } = run;
  const proxy = await startFaultProxy({
    upstream: server.endpoint,
    http: !run.tls,
  });
  let destination: ContractDestination;
  try {
    destination = await subject.createDestination({
      endpoint: proxy.rewrite(server.endpoint),
      server,
    });
  } catch (error) {
    await proxy.close();
    throw error;
  }
  let closed = false;
  const closeDestination = async () => {
    if (closed) return;
    closed = true;
    try {
      await destination.close?.();
    } catch (error) {
      verdict.fail(
        'close() threw',
        `it must release its handles and resolve: ${String(error)}`
      );
    }
  };
  return {
    destination,
    proxy,
    requestCount: () =>
      run.tls ? (server.requestCount?.() ?? 0) : proxy.requests,
    async answerNext(reply, count) {
      if (run.tls) {
        await server.answerNext?.({ reply, count });
      } else {
        proxy.answerNext({ ...reply, count });
      }
    },
    async clearAnswers() {
      if (run.tls) {
        await server.reset();
      } else {
        proxy.clearAnswers();
      }
    },
    closeDestination,
    async close() {
      await closeDestination();
      await proxy.close();
    },
  };
}

/** The answer the suite injects for `status`, shaped by the subject if it can. */
export function faultReply(run: ContractRun, status: number): ContractReply {
  return (
    run.subject.faultReply?.(status) ?? {
      status,
      headers: { 'content-type': 'text/plain' },
      body: `contract: injected ${status}`,
    }
  );
}
