import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { find, value } from './collectors-exposition.js';
import { FakeClock, type FakeRegionApi } from './collectors-fake-api.js';
import { goldenNorth } from './collectors-golden-estate.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

function engineFor(north: FakeRegionApi): Engine {
  const engine = new Engine({
    targets: [{ region: 'cn-north-4', api: north }],
    now: new FakeClock().now,
    apiMetrics: createApiMetricsObserver({ processMetrics: false }),
  });
  engines.push(engine);
  return engine;
}

const POLICY_INFO = 'huaweicloud_swr_signature_policy_info';

/**
 * listSignPolicies for `instanceId` that hands its policies over page by page (one policy per page) and only
 * then answers `end()`: the whole list, or a failure.
 */
function streamingList(north: FakeRegionApi, instanceId: string, end: () => Promise<void>) {
  const plain = north.swr.listSignPolicies;
  north.swr.listSignPolicies = async (id, opts) => {
    if (id !== instanceId) return plain(id, opts);
    const listed = await plain(id, { ...opts, onItems: undefined });
    for (const policy of listed.items) opts?.onItems?.([policy]);
    await end();
    return listed;
  };
}

describe('swr_signing reads policies as their list pages arrive', () => {
  it('starts on the policies of the first pages before the list is complete', async () => {
    const north = goldenNorth();
    let readBeforeListEnded = 0;
    streamingList(north, 'ins-a', async () => {
      // Let the workers pick up what was pushed; the list ends only afterwards.
      for (let i = 0; i < 20 && north.count('swr.listSignExecutionsPage') === 0; i++) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      readBeforeListEnded = north.calls.filter(
        (c) =>
          c.op === 'swr.listSignExecutionsPage' &&
          (c.args[0] as { instanceId: string }).instanceId === 'ins-a',
      ).length;
    });
    const text = await engineFor(north).scrape({});
    expect(readBeforeListEnded).toBeGreaterThan(0);
    expect(value(text, 'huaweicloud_collector_success', { collector: 'swr_signing' })).toBe(1);
    // Each policy once, although the fake both streamed them and returned them as the whole list.
    const ids = find(text, POLICY_INFO, { instance_id: 'ins-a' }).map((s) => s.labels.policy_id);
    expect(ids).toEqual([...new Set(ids)]);
    expect(ids.sort()).toEqual(['11', '12', '13']);
  });

  it('drops policies already read from an instance that turns out gone, and keeps the others', async () => {
    const north = goldenNorth();
    streamingList(north, 'ins-a', async () => {
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      throw new HuaweiCloudError({ code: 'NOT_FOUND', message: 'instance ins-a not found', status: 404 });
    });
    const text = await engineFor(north).scrape({});
    expect(value(text, 'huaweicloud_collector_success', { collector: 'swr_signing' })).toBe(1);
    expect(find(text, POLICY_INFO, { instance_id: 'ins-a' })).toEqual([]);
    expect(find(text, POLICY_INFO, { instance_id: 'ins-b' })).toHaveLength(1);
  });
});
