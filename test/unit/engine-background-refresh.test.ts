// A refresh is bounded by its own deadline, not by the scrapes waiting for it: a scrape that gives up answers
// with what the collector has, the run goes on, and a later scrape serves its data. Timers (scrape and
// refresh deadlines) are fake and moved by hand; upstream is a fake API held at a gate. What scrapes do
// while such a run is overdue: engine-overdue-refresh.test.ts.

import { describe, expect, it, vi } from 'vitest';
import { RefreshDeadlineExceededError } from '../../src/collectors/deadline.js';
import { EngineClosedError } from '../../src/collectors/engine.js';
import { find, value } from './collectors-exposition.js';
import {
  BUDGET_SECONDS,
  holdHss,
  hssSuccess,
  LONG_LIVED_OTHERS,
  scrapeToDeadline,
  statusOf,
  until,
  useEngineFixture,
} from './engine-refresh-fixture.js';

const setup = useEngineFixture();

describe('a refresh longer than the scrape deadline', () => {
  it('completes in the background across two missed scrapes, and the third scrape serves its data', async () => {
    const { clock, api, engine } = setup();
    const { gate, signals } = holdHss(api);

    const first = await scrapeToDeadline(engine, clock);
    expect(hssSuccess(first)).toBe(0);
    expect(find(first, 'huaweicloud_hss_registries')).toEqual([]); // no snapshot yet: no series
    expect(find(first, 'huaweicloud_collector_data_age_seconds', { collector: 'hss_registries' })).toEqual(
      [],
    );
    expect(value(first, 'huaweicloud_collector_success', { collector: 'swr_signing' })).toBe(1);

    const second = await scrapeToDeadline(engine, clock);
    expect(hssSuccess(second)).toBe(0);
    expect(api.count('hss.listRegistries')).toBe(1); // the second scrape found the run overdue, started none

    gate.release();
    await until(() => statusOf(engine, 'hss_registries')?.success === true);
    const third = await engine.scrape({ timeoutSeconds: 10 });
    expect(hssSuccess(third)).toBe(1);
    expect(value(third, 'huaweicloud_hss_registries', { region: 'cn-north-4' })).toBe(4);
    expect(value(third, 'huaweicloud_collector_data_age_seconds', { collector: 'hss_registries' })).toBe(0);
    expect(api.count('hss.listRegistries')).toBe(1);
    // The run that outlived two scrape deadlines was never aborted by them.
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(false);
  });

  it('a missed deadline serves the stale snapshot with its age and success 0, and says so once', async () => {
    const { clock, api, engine, logs } = setup({ collectors: LONG_LIVED_OTHERS });
    await engine.scrape({ timeoutSeconds: 10 });
    clock.advance(301); // past the HSS TTL (300 s), within its max age (900 s)
    const { gate } = holdHss(api);

    for (let i = 1; i <= 2; i++) {
      // The second scrape finds the run overdue and answers at once: the clock then moves on as before.
      const text = await scrapeToDeadline(engine, clock);
      expect(hssSuccess(text)).toBe(0);
      expect(value(text, 'huaweicloud_hss_registries', { region: 'cn-north-4' })).toBe(4);
      expect(
        value(text, 'huaweicloud_collector_data_age_seconds', { collector: 'hss_registries' }),
      ).toBeCloseTo(301 + BUDGET_SECONDS);
    }
    const status = statusOf(engine, 'hss_registries');
    expect(status?.success).toBe(false);
    expect(status?.lastError).toBe('scrape deadline of 9.5s exceeded; the refresh goes on in the background');
    const warnings = logs.filter((l) => l.msg === 'collector refresh outlasted a scrape deadline');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.obj).toMatchObject({ collector: 'hss_registries', runningSeconds: BUDGET_SECONDS });

    api.estate.hssRegistries.pop();
    gate.release();
    await until(() => statusOf(engine, 'hss_registries')?.success === true);
    expect(statusOf(engine, 'hss_registries')?.lastError).toBeNull();
    const text = await engine.scrape({ timeoutSeconds: 10 });
    expect(hssSuccess(text)).toBe(1);
    expect(value(text, 'huaweicloud_hss_registries', { region: 'cn-north-4' })).toBe(3);
  });

  it('is aborted at its own refresh deadline, the reason reaching every upstream call', async () => {
    const { clock, api, engine, logs } = setup({ maxTimeoutSeconds: 10, refreshTimeoutSeconds: 60 });
    const { signals } = holdHss(api);
    expect(hssSuccess(await scrapeToDeadline(engine, clock))).toBe(0);
    expect(signals[0]?.aborted).toBe(false);

    await vi.advanceTimersByTimeAsync((60 - BUDGET_SECONDS) * 1000);
    await until(() => statusOf(engine, 'hss_registries')?.success === false && signals[0]?.aborted === true);
    expect(signals[0]?.reason).toBeInstanceOf(RefreshDeadlineExceededError);
    expect(statusOf(engine, 'hss_registries')?.lastError).toBe('refresh deadline of 60s exceeded');
    expect(
      logs.some(
        (l) =>
          l.msg === 'collector run failed' &&
          JSON.stringify(l.obj).includes('refresh deadline of 60s exceeded'),
      ),
    ).toBe(true);

    // The failed run is over: the next scrape starts a new one.
    api.hook = undefined;
    const text = await engine.scrape({ timeoutSeconds: 10 });
    expect(hssSuccess(text)).toBe(1);
    expect(api.count('hss.listRegistries')).toBe(2);
  });

  it('close() aborts a run going on in the background', async () => {
    const { clock, api, engine } = setup();
    const { signals } = holdHss(api);
    expect(hssSuccess(await scrapeToDeadline(engine, clock))).toBe(0);
    expect(signals[0]?.aborted).toBe(false);

    await engine.close();
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toEqual(new Error('engine closed'));
    expect(statusOf(engine, 'hss_registries')?.lastError).toBe('Error: engine closed');
    await expect(engine.scrape({})).rejects.toBeInstanceOf(EngineClosedError);
  });

  it('a scraper that goes away ends its own scrape, not the refresh', async () => {
    const { api, engine } = setup();
    const { gate, signals } = holdHss(api);
    const controller = new AbortController();
    const scrape = engine.scrape({ timeoutSeconds: 10, signal: controller.signal });
    await until(() => signals.length === 1);
    controller.abort(new Error('client closed the connection'));
    expect(hssSuccess(await scrape)).toBe(0);
    expect(signals[0]?.aborted).toBe(false);

    gate.release();
    await until(() => statusOf(engine, 'hss_registries')?.success === true);
    const text = await engine.scrape({ timeoutSeconds: 10 });
    expect(value(text, 'huaweicloud_hss_registries', { region: 'cn-north-4' })).toBe(4);
    expect(api.count('hss.listRegistries')).toBe(1);
  });
});
