import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import { find } from './collectors-exposition.js';
import { FakeClock } from './collectors-fake-api.js';
import { GOLDEN_SETTINGS, goldenNorth, goldenTargets } from './collectors-golden-estate.js';

// A value the client could not read arrives as absent: only its own series is omitted, for that record only,
// and the collector stays successful.

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

async function scrape(north = goldenNorth()): Promise<string> {
  const engine = new Engine({
    targets: goldenTargets(north),
    settings: GOLDEN_SETTINGS,
    now: new FakeClock().now,
    apiMetrics: createApiMetricsObserver({ processMetrics: false }),
  });
  engines.push(engine);
  return engine.scrape({ timeoutSeconds: 10 });
}

describe('absent values', () => {
  it("omit only their own series: a latest execution's failed count, a key's bind count", async () => {
    const north = goldenNorth();
    const web = north.estate.executions.get('ins-a/11') ?? [];
    const latest = web.find((e) => e.id === 150);
    if (latest === undefined) throw new Error('the golden estate changed: no execution 150');
    latest.failed = undefined;
    const k1 = north.estate.keys.get('apig/gw1')?.find((k) => k.id === 'k1');
    if (k1 === undefined) throw new Error('the golden estate changed: no key k1');
    k1.bind_num = undefined;
    const text = await scrape(north);

    const policy = { instance_id: 'ins-a', policy_id: '11' };
    const tasks = find(text, 'huaweicloud_swr_signature_last_execution_tasks', policy).map(
      (s) => s.labels.result,
    );
    expect(tasks).toEqual(['total', 'succeed', 'in_progress', 'stopped']);
    const other = find(text, 'huaweicloud_swr_signature_last_execution_tasks', { policy_id: '12' });
    expect(other.map((s) => s.labels.result)).toContain('failed');

    expect(find(text, 'huaweicloud_apig_signature_key_bound_apis', { key_id: 'k1' })).toEqual([]);
    expect(find(text, 'huaweicloud_apig_signature_key_bound_backends', { key_id: 'k1' })).toHaveLength(1);
    expect(find(text, 'huaweicloud_apig_signature_key_bound_apis', { key_id: 'k2' })).toHaveLength(1);
    for (const s of find(text, 'huaweicloud_collector_success')) expect(s.value).toBe(1);
  });
});
