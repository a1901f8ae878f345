// A refresh is bounded by its own deadline, not by the scrapes waiting for it: a scrape that gives up answers
// with what the collector has, the run goes on, and a later scrape serves its data. Timers (scrape and
// refresh deadlines) are fake and moved by hand; upstream is a fake API held at a gate.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RefreshDeadlineExceededError } from '../../src/collectors/deadline.js';
import { Engine, EngineClosedError } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import type { CollectorSettingsInput, EngineLogger } from '../../src/collectors/types.js';
import { find, value } from './collectors-exposition.js';
import { deferred, FakeClock, type FakeRegionApi } from './collectors-fake-api.js';
import { goldenNorth } from './collectors-golden-estate.js';

const engines: Engine[] = [];
beforeEach(() => {
  // Only the deadlines' timers: the engine's event-loop yields (setImmediate) stay real.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

const BUDGET_SECONDS = 9.5; // a 10 s scrape timeout minus the default 0.5 s offset
const OTHERS = ['swr_signing', 'swr_registries', 'apig_signature_keys'] as const;

interface Logged {
  level: string;
  obj: object;
  msg: string;
}

function setup(settings: CollectorSettingsInput = {}) {
  const clock = new FakeClock();
  const api = goldenNorth();
  const logs: Logged[] = [];
  const at = (level: string) => (obj: object, msg: string) => logs.push({ level, obj, msg });
  const logger: EngineLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  const engine = new Engine({
    targets: [{ region: 'cn-north-4', api, apig: [{ gateway: 'apig' }, { gateway: 'roma' }] }],
    settings,
    now: clock.now,
    logger,
    apiMetrics: createApiMetricsObserver({ processMetrics: false }),
  });
  engines.push(engine);
  return { clock, api, engine, logs };
}

/** Holds every hss.listRegistries call until released, recording the signal it was given. */
function holdHss(api: FakeRegionApi) {
  const gate = deferred();
  const signals: AbortSignal[] = [];
  api.hook = async (op, _args, signal) => {
    if (op !== 'hss.listRegistries') return;
    if (signal !== undefined) signals.push(signal);
    await Promise.race([
      gate.promise,
      new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve())),
    ]);
  };
  return { gate, signals };
}

/** Lets pending promise chains and immediates run until `check` holds. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setImmediate(r));
  expect(check()).toBe(true);
}

function statusOf(engine: Engine, name: string) {
  return engine.status().find((s) => s.name === name);
}

const LONG_LIVED_OTHERS = Object.fromEntries(OTHERS.map((name) => [name, { ttlSeconds: 3600 }]));

/**
 * Starts a scrape, lets every unheld collector finish, then moves time to its deadline. The other collectors
 * must be due only on the first scrape (their status says when that run ended).
 */
async function scrapeToDeadline(engine: Engine, clock: FakeClock): Promise<string> {
  const scrape = engine.scrape({ timeoutSeconds: 10 });
  await until(() => OTHERS.every((name) => statusOf(engine, name)?.success === true));
  clock.advance(BUDGET_SECONDS);
  await vi.advanceTimersByTimeAsync(BUDGET_SECONDS * 1000);
  return scrape;
}

const hssSuccess = (text: string) =>
  value(text, 'huaweicloud_collector_success', { collector: 'hss_registries' });

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
    expect(api.count('hss.listRegistries')).toBe(1); // the second scrape joined the run, started none

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
    // The other collectors stay fresh, so only HSS refreshes after the clock moves.
    const { clock, api, engine, logs } = setup({ collectors: LONG_LIVED_OTHERS });
    await engine.scrape({ timeoutSeconds: 10 });
    clock.advance(61); // past the HSS TTL (60 s), within its max age (900 s)
    const { gate } = holdHss(api);

    for (let i = 1; i <= 2; i++) {
      const text = await scrapeToDeadline(engine, clock);
      expect(hssSuccess(text)).toBe(0);
      expect(value(text, 'huaweicloud_hss_registries', { region: 'cn-north-4' })).toBe(4);
      expect(
        value(text, 'huaweicloud_collector_data_age_seconds', { collector: 'hss_registries' }),
      ).toBeCloseTo(61 + i * BUDGET_SECONDS);
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
