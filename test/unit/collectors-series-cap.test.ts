// The per-collector series cap (issue 23): upstream answering far more than expected (one 16 MiB page of
// 200,000 items made a 123 MB /metrics) is bounded by collectors.<name>.max_series; what is left out is
// counted in huaweicloud_collector_series_omitted and warned about, the collector still succeeds.

import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import type { EngineLogger } from '../../src/collectors/types.js';
import { collectorSettingsFor } from '../../src/config/engine-settings.js';
import { parseConfigText } from '../../src/config.js';
import { parseExposition, value } from './collectors-exposition.js';
import { emptyEstate, FakeRegionApi, hssRegistry } from './collectors-fake-api.js';

const REGISTRIES = 2000;
const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

function engineWith(maxSeries: number | undefined, warned: string[] = []) {
  const estate = emptyEstate();
  estate.hssRegistries = Array.from({ length: REGISTRIES }, (_, i) => hssRegistry(`h-${i}`));
  const logger: EngineLogger = {
    debug() {},
    info() {},
    error() {},
    warn: (obj, msg) => warned.push(`${msg} ${JSON.stringify(obj)}`),
  };
  const engine = new Engine({
    targets: [
      {
        region: 'cn-north-4',
        api: new FakeRegionApi('cn-north-4', estate),
        swr: { enabled: false },
        apig: [],
      },
    ],
    settings: { collectors: { hss_registries: maxSeries === undefined ? {} : { maxSeries } } },
    logger,
    apiMetrics: createApiMetricsObserver({ processMetrics: false }),
  });
  engines.push(engine);
  return engine;
}

const hssSeries = (text: string) =>
  parseExposition(text).filter((s) => s.name.startsWith('huaweicloud_hss_')).length;
const omitted = (text: string) =>
  value(text, 'huaweicloud_collector_series_omitted', { collector: 'hss_registries', region: 'cn-north-4' });

describe('series cap', () => {
  it('writes at most max_series, counts and warns about the rest, and still succeeds', async () => {
    const all = await engineWith(undefined).scrape({});
    const total = hssSeries(all);
    expect(total).toBeGreaterThan(5 * REGISTRIES); // several series per registry
    expect(omitted(all)).toBe(0);

    const warned: string[] = [];
    const capped = await engineWith(1000, warned).scrape({});
    expect(hssSeries(capped)).toBe(1000);
    expect(omitted(capped)).toBe(total - 1000);
    expect(value(capped, 'huaweicloud_collector_success', { collector: 'hss_registries' })).toBe(1);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain('raise collectors.hss_registries.max_series');
    expect(warned[0]).toContain(`"omitted":${total - 1000}`);
  });

  it('is set per collector in the config, within 1 … 10,000,000', async () => {
    const parse = (maxSeries: string) =>
      parseConfigText(
        `regions: [{ name: cn-north-4 }]\ncollectors:\n  hss_registries: { max_series: ${maxSeries} }\n`,
        'c.yml',
        '.',
      );
    const settings = collectorSettingsFor((await parse('1000')).config);
    expect(settings.collectors?.hss_registries?.maxSeries).toBe(1000);
    await expect(parse('0')).rejects.toThrow('collectors.hss_registries.max_series: must be at least 1');
    await expect(parse('100000000')).rejects.toThrow(
      'collectors.hss_registries.max_series: must be at most 10000000',
    );
  });
});
