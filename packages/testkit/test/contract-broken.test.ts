import { describe, expect, it } from 'vitest';
import { CONTRACT_CHECK_IDS, runDestinationContract } from '../src/index.js';
import {
  fixtureSubject,
  tlsFixtureSubject,
} from './fixtures/fixture-destinations.js';

describe('runDestinationContract', () => {
  it('passes a destination that keeps the contract, over plain HTTP', async () => {
    const subject = fixtureSubject('none');

    const report = await runDestinationContract(subject);

    expect(report.verdicts.filter((v) => !v.ok)).toEqual([]);
    expect(report.verdicts.map((v) => v.check)).toEqual(CONTRACT_CHECK_IDS);
    expect(report.ok).toBe(true);
  }, 60_000);

  it('passes a destination that keeps the contract, over HTTPS', async () => {
    const subject = tlsFixtureSubject('none');

    const report = await runDestinationContract(subject);

    expect(report.verdicts.filter((v) => !v.ok)).toEqual([]);
    expect(report.ok).toBe(true);
  }, 60_000);

  it('counts the requests of one send() over HTTPS through the server', async () => {
    const subject = tlsFixtureSubject('retries-internally');

    const report = await runDestinationContract(subject, {
      checks: ['server-errors-retry'],
    });

    expect(report.verdicts[0]?.problems).toHaveLength(4);
    expect(report.verdicts[0]?.problems[0]).toBe(
      'retries internally: the server saw 3 requests for one send() (allowed 1; core retries)'
    );
  }, 30_000);

  it('fails a destination that retries internally, counting the requests', async () => {
    const subject = fixtureSubject('retries-internally');

    const report = await runDestinationContract(subject, {
      checks: ['server-errors-retry'],
    });

    expect(report.ok).toBe(false);
    expect(report.verdicts[0]?.problems).toContain(
      'retries internally: the server saw 3 requests for one send() (allowed 1; core retries)'
    );
  }, 30_000);

  it('fails a destination that throws instead of returning an outcome', async () => {
    const subject = fixtureSubject('throws');

    const report = await runDestinationContract(subject, {
      checks: ['server-errors-retry', 'client-errors-rejected'],
    });

    const problems = report.verdicts.flatMap((v) => v.problems);
    expect(report.verdicts.map((v) => v.ok)).toEqual([false, false]);
    expect(problems).toHaveLength(7);
    expect(problems[0]).toBe(
      'threw instead of returning an outcome: send() rejected with Error: send failed: HTTP 500: contract: injected 500'
    );
  }, 30_000);

  it('fails a destination that ignores the abort signal', async () => {
    const subject = fixtureSubject('ignores-signal');

    const report = await runDestinationContract(subject, {
      checks: ['abort-signal'],
    });

    expect(report.ok).toBe(false);
    expect(report.verdicts[0]?.problems).toEqual([
      'ignored the abort signal: send() (silent server, new connection) still pending 2 s after abort',
      'ignored the abort signal: send() (silent server, kept-alive connection) still pending 2 s after abort',
      'ignored the abort signal: send() (signal aborted before send) still pending 2 s after abort',
    ]);
  }, 30_000);

  it('fails a destination that reports a partial failure as delivered', async () => {
    const subject = fixtureSubject('hides-partial-failure');

    const report = await runDestinationContract(subject, {
      checks: ['partial-failure'],
    });

    expect(report.verdicts[0]?.problems).toEqual([
      'hid a partial failure: 3 records the server refused came back delivered',
    ]);
  }, 30_000);

  it('fails a destination whose close() keeps its sockets', async () => {
    const subject = fixtureSubject('keeps-sockets');

    const report = await runDestinationContract(subject, {
      checks: ['close-releases-handles'],
    });

    expect(report.verdicts[0]?.problems).toEqual([
      'close() left sockets open: 1 connection(s) still open 1 s after close() resolved',
    ]);
  }, 30_000);

  it('fails a destination whose close() leaves a timer running', async () => {
    const subject = fixtureSubject('keeps-a-timer');

    const report = await runDestinationContract(subject, {
      checks: ['close-releases-handles'],
    });

    expect(report.verdicts[0]?.problems).toEqual([
      'close() left handles open: 1 s after close() resolved, handles made since the destination was built are still open: timer ×1',
    ]);
  }, 30_000);

  it('fails a config parser whose message names no variable', async () => {
    const subject = fixtureSubject('vague-config');

    const report = await runDestinationContract(subject, {
      checks: ['config-names-variables'],
    });

    expect(report.verdicts[0]?.problems).toEqual([
      'does not name the variable: with LOGDRAIN_FIXTURE_URL missing, the error says "invalid configuration"',
      'does not name the variable: with LOGDRAIN_FIXTURE_URL set to "not a url", the error says "invalid configuration"',
    ]);
  }, 30_000);

  it('refuses an unknown check id', async () => {
    const subject = fixtureSubject('none');

    const running = runDestinationContract(subject, { checks: ['nope'] });

    await expect(running).rejects.toThrow('unknown contract checks: nope');
  });
});
