import { afterEach, describe, expect, it } from 'vitest';
import { RefreshDeadlineExceededError, scrapeBudgetSeconds } from '../../src/collectors/deadline.js';
import { Engine, EngineClosedError } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import type { CollectorSettingsInput } from '../../src/collectors/types.js';
import { familiesWithSamples, value } from './collectors-exposition.js';
import { FakeClock } from './collectors-fake-api.js';
import { goldenNorth, goldenTargets } from './collectors-golden-estate.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

function engine(
  targets = goldenTargets(),
  clock = new FakeClock(),
  settings: CollectorSettingsInput = {},
): Engine {
  const created = new Engine({
    targets,
    settings,
    now: clock.now,
    apiMetrics: createApiMetricsObserver({ processMetrics: false }),
  });
  engines.push(created);
  return created;
}

/** The unit's status once its run has ended (a run that outlived the scrape ends in the background). */
async function settledStatus(e: Engine, name: string, region: string) {
  for (let i = 0; i < 500; i++) {
    const status = e.status().find((s) => s.name === name && s.region === region);
    if (status?.success !== null && !status?.lastError?.includes('goes on in the background')) return status;
    await new Promise((r) => setTimeout(r, 5));
  }
  return undefined;
}

describe('scrape budget', () => {
  const settings = { timeoutOffsetSeconds: 0.5, maxTimeoutSeconds: 30 };
  it('is the scrape timeout minus the offset, capped by config', () => {
    expect(scrapeBudgetSeconds(10, settings)).toBe(9.5);
    expect(scrapeBudgetSeconds(120, settings)).toBe(30);
  });
  it('uses the cap when the scraper sends no usable timeout', () => {
    for (const t of [undefined, 0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(scrapeBudgetSeconds(t, settings)).toBe(30);
    }
  });
  it('keeps half the timeout when the offset would eat it all', () => {
    expect(scrapeBudgetSeconds(0.4, settings)).toBe(0.2);
  });
});

describe('scrape deadline', () => {
  it('an upstream call that never answers (and ignores its signal) cannot make the scrape outlast it', async () => {
    const north = goldenNorth();
    north.hook = (op) => (op === 'hss.listRegistries' ? new Promise<void>(() => {}) : undefined);
    const text = await engine(goldenTargets(north)).scrape({ timeoutSeconds: 0.7 });
    expect(
      value(text, 'huaweicloud_collector_success', { collector: 'hss_registries', region: 'cn-north-4' }),
    ).toBe(0);
    // the other region's HSS and every other collector still answer
    expect(
      value(text, 'huaweicloud_collector_success', { collector: 'hss_registries', region: 'ap-southeast-1' }),
    ).toBe(1);
    expect(
      value(text, 'huaweicloud_collector_success', { collector: 'swr_signing', region: 'cn-north-4' }),
    ).toBe(1);
    expect(value(text, 'huaweicloud_hss_registries', { region: 'ap-southeast-1' })).toBe(1);
    expect(() => value(text, 'huaweicloud_hss_registries', { region: 'cn-north-4' })).toThrow('0 samples');
    expect(familiesWithSamples(text)).toContain('huaweicloud_swr_signature_policy_info');
  });

  it("the run's signal reaches every upstream call and aborts them all at the refresh deadline", async () => {
    const north = goldenNorth();
    const reasons: unknown[] = [];
    north.hook = (op, _args, signal) => {
      if (op !== 'swr.listSignExecutionsPage') return;
      return new Promise<void>((resolve) => {
        signal?.addEventListener('abort', () => {
          reasons.push(signal.reason);
          resolve();
        });
      });
    };
    const e = engine(goldenTargets(north), new FakeClock(), {
      maxTimeoutSeconds: 0.2,
      refreshTimeoutSeconds: 0.3,
    });
    const text = await e.scrape({});
    expect(
      value(text, 'huaweicloud_collector_success', { collector: 'swr_signing', region: 'cn-north-4' }),
    ).toBe(0);
    // The scrape gave up at its own deadline; the run goes on until its refresh deadline aborts it.
    const status = await settledStatus(e, 'swr_signing', 'cn-north-4');
    expect(status?.success).toBe(false);
    expect(status?.lastError).toBe('refresh deadline of 0.3s exceeded');
    expect(reasons.length).toBeGreaterThan(1); // several policies' calls were held
    for (const reason of reasons) expect(reason).toBeInstanceOf(RefreshDeadlineExceededError);
  });

  it('close() ends scrapes in flight and refuses new ones', async () => {
    const north = goldenNorth();
    north.hook = (_op, _args, signal) =>
      new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve()));
    const e = engine(goldenTargets(north));
    const scrape = e.scrape({ timeoutSeconds: 30 });
    setImmediate(() => void e.close());
    const text = await scrape;
    expect(
      value(text, 'huaweicloud_collector_success', { collector: 'swr_signing', region: 'cn-north-4' }),
    ).toBe(0);
    await expect(e.scrape({})).rejects.toBeInstanceOf(EngineClosedError);
  });
});
