import type { ContractRun } from './contract-run.js';
import { contractEvent } from './events.js';
import { openRig, type Rig } from './rig.js';
import { sendChecked } from './send-checked.js';
import { type ContractCheck, VerdictBuilder } from './verdict.js';

/** How long after abort a send() counts as ignoring the signal. */
const IGNORED_AFTER_MS = 2_000;
/** When the suite aborts a send() stuck on a silent server. */
const DEADLINE_MS = 300;
/** How long closed sockets may take to show as closed at the proxy. */
const SOCKET_GRACE_MS = 1_000;

/** Aborts a send() that is stuck on a silent server and times its return. */
async function abortStuckSend(opts: {
  run: ContractRun;
  rig: Rig;
  verdict: VerdictBuilder;
  label: string;
  preAborted?: boolean;
}) {
  const { run, rig, verdict, label } = opts;
  const bound = run.subject.abortBoundMs ?? 500;
  const controller = new AbortController();
  const reason = new Error('flush deadline reached');
  if (opts.preAborted) controller.abort(reason);
  const tag = run.nextTag(`abort-${label}`);
  const sending = sendChecked({
    rig,
    verdict,
    batch: [contractEvent({ tag, n: 0 })],
    requestsPerSend: run.subject.requestsPerSend ?? 1,
    signal: controller.signal,
  });
  let abortedAtMs = Date.now();
  const deadline = setTimeout(
    () => {
      abortedAtMs = Date.now();
      controller.abort(reason);
    },
    opts.preAborted ? 0 : DEADLINE_MS
  );
  const settled = sending.then((sent) => ({ sent, atMs: Date.now() }));
  let watchdog: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    watchdog = setTimeout(
      () => resolve(undefined),
      DEADLINE_MS + IGNORED_AFTER_MS
    );
  });
  const result = await Promise.race([settled, late]);
  clearTimeout(deadline);
  clearTimeout(watchdog);
  if (result === undefined) {
    verdict.fail(
      'ignored the abort signal',
      `send() (${label}) still pending ${IGNORED_AFTER_MS / 1_000} s after abort`
    );
    return false;
  }
  const afterMs = result.atMs - abortedAtMs;
  if (afterMs > bound) {
    verdict.fail(
      'slow to abort',
      `send() (${label}) returned ${afterMs} ms after abort (allowed ${bound} ms)`
    );
  }
  const outcome = result.sent.outcome;
  if (outcome && outcome.status !== 'retry') {
    verdict.fail(
      'misread an abort',
      `an aborted send() (${label}) came back ${outcome.status}; it must be retry (nothing is known to be delivered)`
    );
  }
  return true;
}

export const abortCheck: ContractCheck = {
  id: 'abort-signal',
  title: 'returns promptly when the signal aborts and leaks no socket',
  timeoutMs: 60_000,
  async run(run) {
    const verdict = new VerdictBuilder(abortCheck);
    const cases = [
      { label: 'silent server, new connection', warm: false },
      { label: 'silent server, kept-alive connection', warm: true },
      { label: 'signal aborted before send', warm: false, preAborted: true },
    ];
    for (const item of cases) {
      const rig = await openRig(run, verdict);
      try {
        if (item.warm) {
          await sendChecked({
            rig,
            verdict,
            batch: [contractEvent({ tag: run.nextTag('warm-up'), n: 0 })],
            requestsPerSend: run.subject.requestsPerSend ?? 1,
          });
        }
        rig.proxy.setMode({ kind: 'blackhole' });
        const settled = await abortStuckSend({ run, rig, verdict, ...item });
        if (!settled) continue;
        if (!(await rig.proxy.waitForIdle({ timeoutMs: SOCKET_GRACE_MS }))) {
          verdict.fail(
            'leaked a socket',
            `${rig.proxy.openConnections} connection(s) still open ${SOCKET_GRACE_MS / 1_000} s after an aborted send() (${item.label})`
          );
        }
      } finally {
        await rig.close();
      }
    }
    return verdict.done();
  },
};
