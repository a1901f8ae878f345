// A configured instance the cloud answers 404 for (a typo in a static list) fails its collector with a reason
// naming it (issue 23), where before it was skipped: success 1 and no series, the typo invisible. A
// discovered instance that vanishes between the list and the read is still skipped (it is simply gone).

import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import type { RegionTarget } from '../../src/collectors/types.js';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { value } from './collectors-exposition.js';
import { goldenNorth } from './collectors-golden-estate.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

function engineOn(target: Omit<RegionTarget, 'api' | 'region'>, north = goldenNorth()): Engine {
  const engine = new Engine({
    targets: [{ region: 'cn-north-4', api: north, ...target }],
    apiMetrics: createApiMetricsObserver({ processMetrics: false }),
  });
  engines.push(engine);
  return engine;
}

const success = (text: string, collector: string) =>
  value(text, 'huaweicloud_collector_success', { collector, region: 'cn-north-4' });
const lastError = (engine: Engine, collector: string) =>
  engine.status().find((s) => s.name === collector)?.lastError ?? '';

describe('configured instances the cloud does not know', () => {
  it.each([
    ['swr_signing', 'SWR instance ins-typo'],
    ['swr_registries', 'SWR instance ins-typo'],
  ])('%s: a typo in swr.instances fails the collector, naming the instance', async (collector, named) => {
    const engine = engineOn({ swr: { instances: ['ins-a', 'ins-typo'] }, apig: [] });
    const text = await engine.scrape({});
    expect(success(text, collector)).toBe(0);
    expect(lastError(engine, collector)).toContain(`${named} is configured`);
    expect(lastError(engine, collector)).toContain('NOT_FOUND');
  });

  it('apig_signature_keys: a typo in apig.instances fails the collector, naming the instance', async () => {
    const engine = engineOn({ swr: { enabled: false }, apig: [{ gateway: 'apig', instances: ['gw-typo'] }] });
    const text = await engine.scrape({});
    expect(success(text, 'apig_signature_keys')).toBe(0);
    expect(lastError(engine, 'apig_signature_keys')).toContain('apig instance gw-typo is configured');
  });

  it('a discovered instance that vanished since the list is skipped, the collector still succeeds', async () => {
    const north = goldenNorth();
    const listRegistries = north.swr.listRegistries.bind(north.swr);
    north.swr.listRegistries = (instanceId, options) =>
      instanceId === 'ins-a'
        ? Promise.reject(new HuaweiCloudError({ code: 'NOT_FOUND', message: 'gone', status: 404 }))
        : listRegistries(instanceId, options);
    const engine = engineOn({ apig: [] }, north);
    const text = await engine.scrape({});
    expect(success(text, 'swr_registries')).toBe(1);
  });
});
