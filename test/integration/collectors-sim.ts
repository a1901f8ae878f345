// The engine wired to the simulator through the real client: one RegionApi per simulated region, endpoints
// overridden to the simulator's per-service URLs, quick retries so throttling tests stay short, no pacing.

import { Engine } from '../../src/collectors/engine.js';
import { type ApiMetricsObserver, createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import type { CollectorSettingsInput, RegionTarget } from '../../src/collectors/types.js';
import { createRegionApi, type RegionClient } from '../../src/huaweicloud/client.js';
import { Secret } from '../../src/huaweicloud/secret.js';
import type { SimulatorHandle } from '../../src/simulator/index.js';

export interface SimEngine {
  engine: Engine;
  metrics: ApiMetricsObserver;
  clients: RegionClient[];
  close(): Promise<void>;
}

export async function engineOnSimulator(
  sim: SimulatorHandle,
  opts: { settings?: CollectorSettingsInput; now?: () => number } = {},
): Promise<SimEngine> {
  const metrics = createApiMetricsObserver({ processMetrics: false });
  const { swr, hss, apig, roma, iam } = sim.endpoints;
  const clients = await Promise.all(
    sim.regions.map((region) =>
      createRegionApi({
        region: region.name,
        projectId: region.projectId,
        endpoints: { swr, hss, apig, roma, iam },
        credentials: { kind: 'aksk', ak: new Secret(sim.credentials.ak), sk: new Secret(sim.credentials.sk) },
        credentialChain: false,
        env: {},
        retries: { max: 8, baseDelayMs: 2, maxDelayMs: 20 },
        // No pacing: these tests refresh many times in a second of real time (quota pacing: quota-sim.test.ts).
        limits: { hss: { ratePerSecond: 0 }, apig: { ratePerSecond: 0 }, roma: { ratePerSecond: 0 } },
        observer: metrics,
      }),
    ),
  );
  const targets: RegionTarget[] = clients.map((api) => ({
    region: api.region,
    api,
    apig: [{ gateway: 'apig' }, { gateway: 'roma' }],
  }));
  const engine = new Engine({ targets, settings: opts.settings, now: opts.now, apiMetrics: metrics });
  return {
    engine,
    metrics,
    clients,
    close: async () => {
      await engine.close();
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}

/** Calls per simulator operation, from its request log. */
export function callCounts(sim: SimulatorHandle): Record<string, number> {
  return Object.fromEntries(Object.entries(sim.requestLog.summary()).map(([op, s]) => [op, s.calls]));
}

/** What changed between two call-count readings. */
export function callDelta(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [op, n] of Object.entries(after)) {
    const d = n - (before[op] ?? 0);
    if (d !== 0) delta[op] = d;
  }
  return delta;
}

/** Only the collected series (no durations, ages or self-metrics), comparable across runs. */
export function dataSeries(text: string): string {
  return text
    .split('\n')
    .filter((l) => /^huaweicloud_(swr|hss|apig)_/.test(l))
    .join('\n');
}
