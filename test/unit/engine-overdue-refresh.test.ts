// Once a refresh has outlasted a scrape's deadline it is overdue: later scrapes that find it still running
// answer at once with what the collector has instead of each waiting a whole deadline for the same stale
// answer. Scrapes that start a run, or join one that is not overdue yet, still wait up to their deadline.
// Deadline timers and performance.now() are fake: a scrape that settles while no fake time passes did not wait.

import { describe, expect, it } from 'vitest';
import { find, value } from './collectors-exposition.js';
import {
  advance,
  BUDGET_SECONDS,
  collectorValue,
  holdHss,
  hssSuccess,
  LONG_LIVED_OTHERS,
  OTHERS,
  scrapeToDeadline,
  settledWithoutTime,
  statusOf,
  stillPending,
  until,
  useEngineFixture,
} from './engine-refresh-fixture.js';

const setup = useEngineFixture();

const hssCount = (text: string) => value(text, 'huaweicloud_hss_registries', { region: 'cn-north-4' });
const hssAge = (text: string) =>
  collectorValue(text, 'hss_registries', 'huaweicloud_collector_data_age_seconds');
const hssDuration = (text: string) =>
  collectorValue(text, 'hss_registries', 'huaweicloud_collector_duration_seconds');

describe('scrapes during an overdue refresh', () => {
  it('answer at once with the stale snapshot, its age and success 0; then fresh data with success 1', async () => {
    const { clock, api, engine } = setup({ collectors: LONG_LIVED_OTHERS });
    await engine.scrape({ timeoutSeconds: 10 });
    clock.advance(301); // past the HSS TTL (300 s), within its max age (900 s)
    const { gate, signals } = holdHss(api);

    const first = await scrapeToDeadline(engine, clock); // started the run: waited its whole deadline
    expect(hssSuccess(first)).toBe(0);
    expect(hssAge(first)).toBeCloseTo(301 + BUDGET_SECONDS);
    const overdueFrom = statusOf(engine, 'hss_registries')?.refreshOverdue?.startedAt;
    expect(overdueFrom).toBeInstanceOf(Date);

    for (const [i, wallSeconds] of [20, 40].entries()) {
      clock.advance(20); // the wall clock moves; no timer does
      const text = await settledWithoutTime(engine.scrape({ timeoutSeconds: 10 }));
      expect(hssSuccess(text), `scrape ${i + 2}`).toBe(0);
      expect(hssCount(text)).toBe(4);
      expect(hssAge(text)).toBeCloseTo(301 + BUDGET_SECONDS + wallSeconds);
      // The duration such a scrape reports is how long the refresh has been running so far.
      expect(hssDuration(text)).toBeCloseTo(BUDGET_SECONDS + wallSeconds);
      for (const other of OTHERS) expect(collectorValue(text, other)).toBe(1);
    }
    expect(api.count('hss.listRegistries')).toBe(2); // the first fill and the held run: nothing joined twice
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(false);
    const status = statusOf(engine, 'hss_registries');
    expect(status?.success).toBe(false);
    expect(status?.lastError).toBe('scrape deadline of 9.5s exceeded; the refresh goes on in the background');
    expect(status?.refreshOverdue).toEqual({ startedAt: overdueFrom, runningSeconds: BUDGET_SECONDS + 40 });

    api.estate.hssRegistries.pop();
    gate.release();
    await until(() => statusOf(engine, 'hss_registries')?.success === true);
    expect(statusOf(engine, 'hss_registries')?.refreshOverdue).toBeUndefined();
    expect(statusOf(engine, 'hss_registries')?.lastError).toBeNull();
    const fresh = await settledWithoutTime(engine.scrape({ timeoutSeconds: 10 }));
    expect(hssSuccess(fresh)).toBe(1);
    expect(hssCount(fresh)).toBe(3);
    expect(hssAge(fresh)).toBe(0);
  });

  it('answer at once with no series when there is no snapshot yet', async () => {
    const { clock, api, engine } = setup({ collectors: LONG_LIVED_OTHERS });
    const { gate } = holdHss(api);
    expect(hssSuccess(await scrapeToDeadline(engine, clock))).toBe(0);

    for (let i = 0; i < 2; i++) {
      const text = await settledWithoutTime(engine.scrape({ timeoutSeconds: 10 }));
      expect(hssSuccess(text)).toBe(0);
      expect(find(text, 'huaweicloud_hss_registries')).toEqual([]);
      expect(find(text, 'huaweicloud_collector_data_age_seconds', { collector: 'hss_registries' })).toEqual(
        [],
      );
    }
    expect(api.count('hss.listRegistries')).toBe(1);

    gate.release();
    await until(() => statusOf(engine, 'hss_registries')?.success === true);
    const text = await settledWithoutTime(engine.scrape({ timeoutSeconds: 10 }));
    expect(hssSuccess(text)).toBe(1);
    expect(hssCount(text)).toBe(4);
  });

  it('a scrape that joined before the run was overdue still waits up to its own deadline', async () => {
    const { clock, api, engine } = setup({ collectors: LONG_LIVED_OTHERS });
    const { gate } = holdHss(api);
    const starter = engine.scrape({ timeoutSeconds: 10 });
    await until(() => OTHERS.every((name) => statusOf(engine, name)?.success === true));
    await advance(clock, 5);
    const joiner = engine.scrape({ timeoutSeconds: 10 }); // its deadline is 5 s after the starter's

    await advance(clock, BUDGET_SECONDS - 5);
    expect(hssSuccess(await starter)).toBe(0);
    expect(statusOf(engine, 'hss_registries')?.refreshOverdue?.runningSeconds).toBe(BUDGET_SECONDS);
    expect(await stillPending(joiner)).toBe(true);
    const late = await settledWithoutTime(engine.scrape({ timeoutSeconds: 10 }));
    expect(hssSuccess(late)).toBe(0);

    gate.release();
    const joined = await settledWithoutTime(joiner);
    expect(hssSuccess(joined)).toBe(1);
    expect(hssCount(joined)).toBe(4);
    expect(api.count('hss.listRegistries')).toBe(1);
  });

  it('after the overdue run fails at its refresh deadline, the next scrape starts a run and waits', async () => {
    const { clock, api, engine } = setup({
      collectors: LONG_LIVED_OTHERS,
      maxTimeoutSeconds: 10,
      refreshTimeoutSeconds: 60,
    });
    holdHss(api);
    expect(hssSuccess(await scrapeToDeadline(engine, clock))).toBe(0);
    await advance(clock, 60 - BUDGET_SECONDS);
    await until(() => statusOf(engine, 'hss_registries')?.lastError === 'refresh deadline of 60s exceeded');
    expect(statusOf(engine, 'hss_registries')?.refreshOverdue).toBeUndefined();

    const next = engine.scrape({ timeoutSeconds: 10 });
    expect(await stillPending(next)).toBe(true);
    expect(api.count('hss.listRegistries')).toBe(2);
    await advance(clock, BUDGET_SECONDS);
    expect(hssSuccess(await next)).toBe(0);
    expect(statusOf(engine, 'hss_registries')?.refreshOverdue?.runningSeconds).toBe(BUDGET_SECONDS);
  });

  it('an overdue run that ignores its signal past its time limit is left behind: the next scrape starts anew', async () => {
    // abandoned after refresh + max timeout = 20 s
    const { clock, api, engine } = setup({
      collectors: LONG_LIVED_OTHERS,
      maxTimeoutSeconds: 10,
      refreshTimeoutSeconds: 10,
    });
    api.hook = (op) =>
      op === 'hss.listRegistries' && api.count(op) === 1 ? new Promise<void>(() => {}) : undefined;
    expect(hssSuccess(await scrapeToDeadline(engine, clock))).toBe(0);
    expect(statusOf(engine, 'hss_registries')?.refreshOverdue).toBeDefined();
    await advance(clock, 11);
    expect(statusOf(engine, 'hss_registries')?.refreshOverdue).toBeUndefined();

    const text = await engine.scrape({ timeoutSeconds: 10 });
    expect(hssSuccess(text)).toBe(1);
    expect(hssCount(text)).toBe(4);
    expect(api.count('hss.listRegistries')).toBe(2);
  });
});
