import type { ContractRun } from './contract-run.js';
import { contractEvent } from './events.js';
import { faultReply, openRig, type Rig } from './rig.js';
import { sendChecked } from './send-checked.js';
import type { ContractReply } from './subject.js';
import { type ContractCheck, VerdictBuilder } from './verdict.js';

/** More failures than any internal retry loop would try, so each shows. */
const PERSISTENT = 20;

/** Sends a small batch while the server answers `reply`; returns the outcome. */
async function sendAgainst(opts: {
  run: ContractRun;
  rig: Rig;
  verdict: VerdictBuilder;
  reply: ContractReply;
  n: number;
}) {
  const { run, rig, verdict, reply } = opts;
  const tag = run.nextTag(`status-${reply.status}`);
  await rig.answerNext(reply, PERSISTENT);
  const sent = await sendChecked({
    rig,
    verdict,
    batch: [contractEvent({ tag, n: opts.n })],
    requestsPerSend: run.subject.requestsPerSend ?? 1,
  });
  await rig.clearAnswers();
  return sent.outcome;
}

export const serverErrorCheck: ContractCheck = {
  id: 'server-errors-retry',
  title: 'asks for a retry on 5xx answers without retrying itself',
  timeoutMs: 60_000,
  async run(run) {
    const verdict = new VerdictBuilder(serverErrorCheck);
    const rig = await openRig(run, verdict);
    try {
      for (const [n, status] of [500, 502, 503, 504].entries()) {
        const reply = faultReply(run, status);
        const outcome = await sendAgainst({ run, rig, verdict, reply, n });
        if (outcome && outcome.status !== 'retry') {
          verdict.fail(
            'misread a server error',
            `HTTP ${status} came back ${outcome.status}${'reason' in outcome ? ` (${outcome.reason})` : ''}; a 5xx must be retry`
          );
        }
      }
    } finally {
      await rig.close();
    }
    return verdict.done();
  },
};

export const retryAfterCheck: ContractCheck = {
  id: 'retry-after',
  title: 'asks for a retry after the delay a 429 Retry-After gives',
  timeoutMs: 60_000,
  async run(run) {
    const verdict = new VerdictBuilder(retryAfterCheck);
    const rig = await openRig(run, verdict);
    const base = faultReply(run, 429);
    const cases = [
      { header: '7', expectMs: 7_000, toleranceMs: 0 },
      {
        header: new Date(Date.now() + 30_000).toUTCString(),
        expectMs: 30_000,
        toleranceMs: 2_000,
      },
    ];
    try {
      for (const [n, item] of cases.entries()) {
        const reply = {
          ...base,
          headers: { ...base.headers, 'retry-after': item.header },
        };
        const outcome = await sendAgainst({ run, rig, verdict, reply, n });
        if (outcome === undefined) continue;
        if (outcome.status !== 'retry') {
          verdict.fail(
            'misread a 429',
            `HTTP 429 came back ${outcome.status}; it must be retry`
          );
          continue;
        }
        const got = outcome.retryAfterMs;
        if (
          got === undefined ||
          Math.abs(got - item.expectMs) > item.toleranceMs
        ) {
          verdict.fail(
            'ignored Retry-After',
            `a 429 with Retry-After: ${item.header} came back retryAfterMs ${String(got)}, expected ${item.expectMs}${item.toleranceMs ? ` ± ${item.toleranceMs}` : ''}`
          );
        }
      }
    } finally {
      await rig.close();
    }
    return verdict.done();
  },
};

export const clientErrorCheck: ContractCheck = {
  id: 'client-errors-rejected',
  title: 'rejects with a reason on 4xx answers (auth, bad request)',
  timeoutMs: 60_000,
  async run(run) {
    const verdict = new VerdictBuilder(clientErrorCheck);
    const rig = await openRig(run, verdict);
    try {
      for (const [n, status] of [400, 401, 403].entries()) {
        const reply = faultReply(run, status);
        const outcome = await sendAgainst({ run, rig, verdict, reply, n });
        if (outcome && outcome.status !== 'rejected') {
          verdict.fail(
            'misread a client error',
            `HTTP ${status} came back ${outcome.status}; a 4xx other than 408, 425 and 429 must be rejected (a retry cannot fix it)`
          );
        }
      }
    } finally {
      await rig.close();
    }
    return verdict.done();
  },
};

export const connectionResetCheck: ContractCheck = {
  id: 'connection-resets-retry',
  title: 'asks for a retry when the connection is reset',
  timeoutMs: 60_000,
  async run(run) {
    const verdict = new VerdictBuilder(connectionResetCheck);
    const allowed = run.subject.requestsPerSend ?? 1;
    for (const on of ['connect', 'data'] as const) {
      const rig = await openRig(run, verdict);
      rig.proxy.setMode({ kind: 'reset', on });
      try {
        const tag = run.nextTag(`reset-${on}`);
        const { outcome } = await sendChecked({
          rig,
          verdict,
          batch: [contractEvent({ tag, n: 0 })],
          requestsPerSend: allowed,
        });
        if (outcome && outcome.status !== 'retry') {
          verdict.fail(
            'misread a reset connection',
            `a connection reset on ${on} came back ${outcome.status}; it must be retry`
          );
        }
        if (rig.proxy.connections > allowed) {
          verdict.fail(
            'retries internally',
            `${rig.proxy.connections} connections for one send() to a server that resets them (allowed ${allowed}; core retries)`
          );
        }
      } finally {
        await rig.close();
      }
    }
    return verdict.done();
  },
};
