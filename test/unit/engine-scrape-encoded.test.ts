import { afterEach, describe, expect, it } from 'vitest';
import { expositionText } from '../../src/collectors/encoded-exposition.js';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import { find, value } from './collectors-exposition.js';
import { execution, FakeClock } from './collectors-fake-api.js';
import { goldenNorth } from './collectors-golden-estate.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

function setup() {
  const clock = new FakeClock();
  const north = goldenNorth();
  const engine = new Engine({
    targets: [{ region: 'cn-north-4', api: north, apig: [{ gateway: 'apig' }, { gateway: 'roma' }] }],
    now: clock.now,
    apiMetrics: createApiMetricsObserver({ processMetrics: false }),
  });
  engines.push(engine);
  return { clock, north, engine };
}

/** The bytes a server would send: the collected pieces, then the tail. */
async function bytesOf(engine: Engine): Promise<Buffer> {
  const { collected, tail } = await engine.scrapeEncoded({});
  const joined = Buffer.concat([...collected.chunks, tail]);
  expect(joined.length).toBe(collected.byteLength + tail.length);
  return joined;
}

describe('scrapeEncoded', () => {
  it('gives the bytes of scrape() encoded as UTF-8', async () => {
    const { engine } = setup();
    await engine.scrape({});
    const text = await engine.scrape({});
    const bytes = await bytesOf(engine);
    expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(find(text, 'huaweicloud_swr_signature_task_status').length).toBeGreaterThan(0);
  });

  it('hands out the same collected part while the snapshots are unchanged, a new one after a refresh', async () => {
    const { clock, engine } = setup();
    const first = await engine.scrapeEncoded({});
    clock.advance(29);
    const second = await engine.scrapeEncoded({});
    expect(second.collected).toBe(first.collected);
    expect(second.tail.equals(first.tail)).toBe(false);
    clock.advance(2);
    const refreshed = await engine.scrapeEncoded({});
    expect(refreshed.collected).not.toBe(first.collected);
    expect(expositionText(refreshed)).toBe(await engine.scrape({}));
  });

  it('renders the collector status per scrape while the collected part comes from the same snapshot', async () => {
    const { clock, engine } = setup();
    const first = (await bytesOf(engine)).toString('utf8');
    clock.advance(29);
    const later = (await bytesOf(engine)).toString('utf8');
    expect(value(first, 'huaweicloud_collector_data_age_seconds', { collector: 'swr_signing' })).toBe(0);
    expect(value(later, 'huaweicloud_collector_data_age_seconds', { collector: 'swr_signing' })).toBe(29);
    expect(later).toBe(await engine.scrape({}));
  });

  it('follows a refresh that changed the data', async () => {
    const { clock, north, engine } = setup();
    const before = (await bytesOf(engine)).toString('utf8');
    const inProgress = { policy_id: '12', status: 'InProgress' };
    expect(value(before, 'huaweicloud_swr_signature_last_execution_status', inProgress)).toBe(1);

    north.estate.executions
      .get('ins-a/12')
      ?.splice(0, 1, execution(7, 12, { status: 'Succeed', total: 3, succeed: 3 }));
    clock.advance(31);
    const after = (await bytesOf(engine)).toString('utf8');
    expect(after).not.toBe(before);
    expect(value(after, 'huaweicloud_swr_signature_last_execution_status', inProgress)).toBe(0);
    expect(after).toBe(await engine.scrape({}));
  });

  it('a failed refresh serves the previous snapshot (the same collected part); a unit that never succeeded adds nothing', async () => {
    const { clock, north, engine } = setup();
    const first = await engine.scrapeEncoded({});
    north.hook = async (op) => {
      if (op.startsWith('swr.')) throw new Error('swr is down');
    };
    clock.advance(31);
    const failed = await engine.scrapeEncoded({});
    const text = expositionText(failed);
    expect(value(text, 'huaweicloud_collector_success', { collector: 'swr_signing' })).toBe(0);
    expect(failed.collected).toBe(first.collected);
    expect(find(text, 'huaweicloud_swr_signature_policy_info').length).toBeGreaterThan(0);

    const fresh = setup();
    fresh.north.hook = north.hook;
    const never = expositionText(await fresh.engine.scrapeEncoded({}));
    expect(find(never, 'huaweicloud_swr_signature_policy_info')).toEqual([]);
    expect(never).not.toContain('# TYPE huaweicloud_swr_signature_policy_info');
    expect(find(never, 'huaweicloud_hss_registry_info').length).toBeGreaterThan(0);
  });
});
