// The exporter at Huawei's documented HSS quota (5 calls/minute per user per API), against a simulator that
// enforces it: 1,100 registries (6 pages of 200) are read with 0 refused calls, never more than 5 calls in any
// 60 s, and well within two TTLs. Client, engine and simulator share one virtual clock: a paced wait moves it
// at once, so minutes of pacing take no real time.

import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import { createRegionApi, type RegionClient } from '../../src/huaweicloud/client.js';
import { Secret } from '../../src/huaweicloud/secret.js';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { find, value } from '../unit/collectors-exposition.js';

const REGISTRIES = 1_100;
let sim: SimulatorHandle | undefined;
let client: RegionClient | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  await client?.close();
  await sim?.close();
});

function virtualClock() {
  let t = Date.now();
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      t += ms;
    },
  };
}

/** The most calls that fell within any 60 s window, from the simulator's log. */
function busiestMinute(times: number[]): number {
  let most = 0;
  for (let i = 0; i < times.length; i++) {
    const start = times[i] ?? 0;
    most = Math.max(most, times.filter((t) => t >= start && t < start + 60_000).length);
  }
  return most;
}

async function exporterAtQuota() {
  const clock = virtualClock();
  sim = await startSimulator({ seed: 17, scale: { regions: 1, hssRegistries: REGISTRIES }, now: clock.now });
  const region = sim.regions[0];
  if (region === undefined) throw new Error('no region');
  const metrics = createApiMetricsObserver({ processMetrics: false });
  client = await createRegionApi({
    region: region.name,
    projectId: region.projectId,
    endpoints: { hss: sim.endpoints.hss },
    credentials: { kind: 'aksk', ak: new Secret(sim.credentials.ak), sk: new Secret(sim.credentials.sk) },
    credentialChain: false,
    env: {},
    observer: metrics,
    clock,
  });
  const off = { enabled: false };
  engine = new Engine({
    targets: [{ region: region.name, api: client, apig: [] }],
    settings: { collectors: { swr_signing: off, swr_registries: off, apig_signature_keys: off } },
    now: clock.now,
    apiMetrics: metrics,
  });
  return { clock, sim, engine, metrics, region: region.name };
}

describe('HSS at its documented quota', () => {
  it('reads 1,100 registries with no refused call, 5 calls a minute at most, within two TTLs', async () => {
    const { clock, sim, engine, metrics, region } = await exporterAtQuota();
    const startedAt = clock.now();
    const first = await engine.scrape({ timeoutSeconds: 10 });
    expect(find(first, 'huaweicloud_hss_registry_info')).toHaveLength(REGISTRIES);
    expect(value(first, 'huaweicloud_collector_success', { collector: 'hss_registries', region })).toBe(1);
    const firstRefreshSeconds = (clock.now() - startedAt) / 1000;
    // Six pages, one every 12.5 s: 62.5 s of pacing, under one TTL (300 s), so well within two.
    expect(firstRefreshSeconds).toBeGreaterThanOrEqual(62.5);
    expect(firstRefreshSeconds).toBeLessThan(300);

    // The next refresh, one TTL later, is paced the same way.
    clock.advance(300_000);
    const second = await engine.scrape({ timeoutSeconds: 10 });
    expect(find(second, 'huaweicloud_hss_registry_info')).toHaveLength(REGISTRIES);

    expect(sim.requestLog.summary()['hss.ListRegistry']).toEqual({ calls: 12, statuses: { '200': 12 } });
    expect(sim.quotas.refused()).toEqual({});
    const times = sim.requestLog.entries({ operation: 'hss.ListRegistry' }).map((e) => Date.parse(e.at));
    expect(busiestMinute(times)).toBe(5);
    const own = await metrics.render();
    expect(value(own, 'huaweicloud_api_budget_calls_per_second', { region, operation: 'ListRegistry' })).toBe(
      0.08,
    );
    expect(find(own, 'huaweicloud_api_throttled_total')).toEqual([]);
  });

  it('lowers the budget when the cloud throttles anyway, and still gets every registry', async () => {
    const { sim, engine, metrics, region } = await exporterAtQuota();
    // Another tool on the same account leaves this exporter 3 calls a minute.
    sim.quotas.set({ 'hss.*': { calls: 3, windowSeconds: 60 } });
    const text = await engine.scrape({ timeoutSeconds: 10 });
    expect(find(text, 'huaweicloud_hss_registry_info')).toHaveLength(REGISTRIES);
    const own = await metrics.render();
    const throttled = value(own, 'huaweicloud_api_throttled_total', {
      service: 'hss',
      operation: 'ListRegistry',
    });
    expect(throttled).toBeGreaterThan(0);
    expect(sim.quotas.refused()['hss.ListRegistry']).toBe(throttled);
    const budget = value(own, 'huaweicloud_api_budget_calls_per_second', {
      region,
      operation: 'ListRegistry',
    });
    expect(budget).toBeLessThan(0.08);
  });
});
