import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import type { EngineLogger } from '../../src/collectors/types.js';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { find, value } from './collectors-exposition.js';
import { FakeClock, type FakeRegionApi } from './collectors-fake-api.js';
import { goldenNorth } from './collectors-golden-estate.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

function engineFor(
  north: FakeRegionApi,
  extra: { policies?: Array<{ instanceId: string; policyId: number }>; logger?: EngineLogger } = {},
): Engine {
  const swr = extra.policies === undefined ? {} : { swr: { policies: extra.policies } };
  const engine = new Engine({
    targets: [{ region: 'cn-north-4', api: north, ...swr }],
    now: new FakeClock().now,
    ...(extra.logger === undefined ? {} : { logger: extra.logger }),
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

  it('selected policies: a configured instance the cloud does not know fails the collector, naming it', async () => {
    const north = goldenNorth();
    streamingList(north, 'ins-a', async () => {
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      throw new HuaweiCloudError({ code: 'NOT_FOUND', message: 'instance ins-a not found', status: 404 });
    });
    const policies = [
      { instanceId: 'ins-a', policyId: 11 },
      { instanceId: 'ins-b', policyId: 21 },
    ];
    const engine = engineFor(north, { policies });
    const text = await engine.scrape({});
    expect(value(text, 'huaweicloud_collector_success', { collector: 'swr_signing' })).toBe(0);
    expect(find(text, POLICY_INFO)).toEqual([]);
    const status = engine.status().find((s) => s.name === 'swr_signing');
    expect(status?.lastError).toContain(
      'SWR instance ins-a is configured (or the probe target) but the cloud',
    );
    expect(status?.lastError).toContain('NOT_FOUND');
  });

  it('selected policies: one never listed on a known instance is warned about, not written', async () => {
    const north = goldenNorth();
    const warned: Array<{ msg: string; obj: object }> = [];
    const logger: EngineLogger = {
      debug() {},
      info() {},
      error() {},
      warn: (obj, msg) => warned.push({ msg, obj }),
    };
    const policies = [
      { instanceId: 'ins-b', policyId: 21 },
      { instanceId: 'ins-b', policyId: 99 },
    ];
    const text = await engineFor(north, { policies, logger }).scrape({});
    expect(value(text, 'huaweicloud_collector_success', { collector: 'swr_signing' })).toBe(1);
    expect(find(text, POLICY_INFO).map((s) => s.labels.policy_id)).toEqual(['21']);
    const notFound = warned
      .filter((w) => w.msg === 'signature policy not found')
      .map((w) => w.obj as { instance_id: string; policy_id: string });
    expect(notFound.map((o) => `${o.instance_id}/${o.policy_id}`)).toEqual(['ins-b/99']);
  });
});
