import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import {
  emptyEstate,
  execution,
  FakeRegionApi,
  signPolicy,
  swrInstance,
  task,
} from './collectors-fake-api.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

const POLICIES = 10_000;

function largeEstate(): FakeRegionApi {
  const e = emptyEstate();
  e.swrInstances = [swrInstance('big')];
  e.policies.set(
    'big',
    Array.from({ length: POLICIES }, (_, i) => signPolicy(i + 1, `ns-${i % 50}`)),
  );
  for (let id = 1; id <= POLICIES; id++) {
    e.executions.set(`big/${id}`, [
      execution(1, id),
      execution(2, id, { status: id % 7 === 0 ? 'Failed' : 'Succeed' }),
    ]);
    e.tasks.set(`big/${id}/2`, [
      task(1, `repo-${id}/a`),
      task(2, `repo-${id}/b`, id % 7 === 0 ? 'Error' : 'Success'),
    ]);
  }
  e.registries.set('big', []);
  return new FakeRegionApi('r', e);
}

describe('a 10,000-policy estate', () => {
  it('is collected with bounded upstream concurrency while timers keep firing', async () => {
    const api = largeEstate();
    let inFlight = 0;
    let maxInFlight = 0;
    api.hook = async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await Promise.resolve();
      inFlight--;
    };
    const engine = new Engine({
      targets: [{ region: 'r', api, apig: [], hss: { enabled: false } }],
      settings: { workerLimit: 8 },
      apiMetrics: createApiMetricsObserver({ processMetrics: false }),
    });
    engines.push(engine);

    // The fake upstream answers through microtasks only: timers can fire during the scrape only if the
    // engine yields to the event loop on its own.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const text = await engine.scrape({ timeoutSeconds: 60 });
    delay.disable();
    clearInterval(ticker);

    const lines = text.split('\n');
    const count = (prefix: string, part = '') =>
      lines.filter((l) => l.startsWith(prefix) && l.includes(part)).length;
    expect(count('huaweicloud_swr_signature_policy_info{')).toBe(POLICIES);
    expect(count('huaweicloud_swr_signature_task_status{', 'status="Error"')).toBe(Math.floor(POLICIES / 7));
    expect(maxInFlight).toBeLessThanOrEqual(8);
    expect(ticks).toBeGreaterThan(0);
    // Reported, not asserted: stall figures belong to the benchmarks (npm run bench).
    console.info(
      `10k policies: ${api.calls.length} upstream calls, longest event-loop delay ${(delay.max / 1e6).toFixed(1)} ms`,
    );
  });
});
