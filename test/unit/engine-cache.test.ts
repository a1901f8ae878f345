import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import type { RegionTarget } from '../../src/collectors/types.js';
import { find, value } from './collectors-exposition.js';
import { execution, FakeClock, type FakeRegionApi, task } from './collectors-fake-api.js';
import { goldenNorth } from './collectors-golden-estate.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

function setup(target: Partial<RegionTarget> = {}) {
  const clock = new FakeClock();
  const north = goldenNorth();
  const engine = new Engine({
    targets: [
      { region: 'cn-north-4', api: north, apig: [{ gateway: 'apig' }, { gateway: 'roma' }], ...target },
    ],
    now: clock.now,
    apiMetrics: createApiMetricsObserver({ processMetrics: false }),
  });
  engines.push(engine);
  return { clock, north, engine };
}

const taskCalls = (api: FakeRegionApi, executionRef: string) =>
  api.calls.filter((c) => {
    if (c.op !== 'swr.listSignExecutionTasks') return false;
    const ref = c.args[0] as { instanceId: string; policyId: number; executionId: number };
    return `${ref.instanceId}/${ref.policyId}/${ref.executionId}` === executionRef;
  }).length;

describe('caching', () => {
  it('serves a snapshot within its TTL without asking upstream, and refreshes after it', async () => {
    const { clock, north, engine } = setup();
    await engine.scrape({});
    const calls = north.calls.length;
    clock.advance(29);
    const cached = await engine.scrape({});
    expect(north.calls.length).toBe(calls);
    expect(value(cached, 'huaweicloud_collector_data_age_seconds', { collector: 'swr_signing' })).toBe(29);
    clock.advance(2);
    const refreshed = await engine.scrape({});
    expect(north.calls.length).toBeGreaterThan(calls);
    expect(value(refreshed, 'huaweicloud_collector_data_age_seconds', { collector: 'swr_signing' })).toBe(0);
    expect(
      value(refreshed, 'huaweicloud_collector_data_age_seconds', { collector: 'apig_signature_keys' }),
    ).toBe(31);
  });

  it("reads a finished execution's tasks once, and an unfinished one's at every refresh", async () => {
    const { clock, north, engine } = setup();
    for (let i = 0; i < 3; i++) {
      await engine.scrape({});
      clock.advance(31);
    }
    expect(taskCalls(north, 'ins-a/11/150')).toBe(1); // Failed: finished
    expect(taskCalls(north, 'ins-a/12/7')).toBe(3); // InProgress
    expect(taskCalls(north, 'ins-b/21/6')).toBe(3); // unknown status: not known to be final

    // The running execution finishes: one last read, then never again.
    const running = north.estate.executions.get('ins-a/12');
    running?.splice(0, 1, execution(7, 12, { status: 'Succeed', total: 3, succeed: 3 }));
    north.estate.tasks.set('ins-a/12/7', [task(1, 'cn/a'), task(2, 'cn/b'), task(3, 'cn/c')]);
    for (let i = 0; i < 2; i++) {
      const text = await engine.scrape({});
      clock.advance(31);
      expect(
        find(text, 'huaweicloud_swr_signature_task_status', { policy_id: '12', status: 'Success' }),
      ).toHaveLength(3);
    }
    expect(taskCalls(north, 'ins-a/12/7')).toBe(4);

    // A new execution replaces it as the latest: its tasks are read, the old ones are not.
    running?.push(execution(8, 12, { status: 'Failed', total: 1, succeed: 0, failed: 1 }));
    north.estate.tasks.set('ins-a/12/8', [task(1, 'cn/a', 'Error')]);
    const text = await engine.scrape({});
    expect(taskCalls(north, 'ins-a/12/8')).toBe(1);
    expect(value(text, 'huaweicloud_swr_signature_task_status', { policy_id: '12' })).toBe(1);
    expect(value(text, 'huaweicloud_swr_signature_last_execution_id', { policy_id: '12' })).toBe(8);
  });

  it('reuses instance discovery across refreshes within the discovery TTL', async () => {
    const { clock, north, engine } = setup();
    await engine.scrape({});
    clock.advance(61);
    await engine.scrape({});
    expect(north.count('swr.listInstances')).toBe(1);
    expect(north.count('swr.listSignPolicies')).toBe(4); // 2 instances × 2 refreshes
    clock.advance(300);
    await engine.scrape({});
    expect(north.count('swr.listInstances')).toBe(2);
  });
});

describe('deleted resources', () => {
  it('vanish at the next refresh', async () => {
    const { clock, north, engine } = setup();
    const before = await engine.scrape({});
    expect(find(before, 'huaweicloud_swr_signature_policy_info', { policy_id: '13' })).toHaveLength(1);
    expect(find(before, 'huaweicloud_swr_registry_healthy', { registry_id: '2' })).toHaveLength(1);
    expect(find(before, 'huaweicloud_hss_registry_info', { registry_id: 'h2' })).toHaveLength(1);
    expect(find(before, 'huaweicloud_apig_signature_key_info', { key_id: 'k2' })).toHaveLength(1);
    expect(find(before, 'huaweicloud_apig_signature_keys', { instance_id: 'roma1' })).toHaveLength(1);

    const e = north.estate;
    e.policies.set(
      'ins-a',
      (e.policies.get('ins-a') ?? []).filter((p) => p.id !== 13),
    );
    e.registries.set(
      'ins-a',
      (e.registries.get('ins-a') ?? []).filter((r) => r.id !== 2),
    );
    e.hssRegistries = e.hssRegistries.filter((r) => r.id !== 'h2');
    e.keys.set(
      'apig/gw1',
      (e.keys.get('apig/gw1') ?? []).filter((k) => k.id !== 'k2'),
    );
    e.keys.delete('roma/roma1'); // the ROMA instance is gone: 404 on its keys
    clock.advance(301);
    const after = await engine.scrape({});

    expect(find(after, 'huaweicloud_swr_signature_policy_info', { policy_id: '13' })).toEqual([]);
    expect(find(after, 'huaweicloud_swr_signature_executions', { policy_id: '13' })).toEqual([]);
    expect(find(after, 'huaweicloud_swr_registry_healthy', { registry_id: '2' })).toEqual([]);
    expect(find(after, 'huaweicloud_hss_registry_info', { registry_id: 'h2' })).toEqual([]);
    expect(find(after, 'huaweicloud_hss_registry_failed')).toEqual([]);
    expect(find(after, 'huaweicloud_apig_signature_key_info', { key_id: 'k2' })).toEqual([]);
    expect(find(after, 'huaweicloud_apig_signature_keys', { instance_id: 'roma1' })).toEqual([]);
    for (const collector of ['swr_signing', 'swr_registries', 'hss_registries', 'apig_signature_keys']) {
      expect(value(after, 'huaweicloud_collector_success', { collector })).toBe(1);
    }
  });

  it('an SWR instance that disappears takes its series with it without failing the collector', async () => {
    const { clock, north, engine } = setup();
    await engine.scrape({});
    north.estate.policies.delete('ins-b'); // 404 for its policies, still in the cached discovery
    clock.advance(31);
    const text = await engine.scrape({});
    expect(value(text, 'huaweicloud_collector_success', { collector: 'swr_signing' })).toBe(1);
    expect(find(text, 'huaweicloud_swr_signature_policy_info', { instance_id: 'ins-b' })).toEqual([]);
    expect(find(text, 'huaweicloud_swr_signature_policy_info', { instance_id: 'ins-a' })).toHaveLength(3);
  });
});

describe('explicit ids narrow discovery', () => {
  it('reads only the named policies and registries, registries with ShowInstanceRegistry', async () => {
    const { north, engine } = setup({
      swr: {
        policies: [{ instanceId: 'ins-a', policyId: 11 }],
        registries: [
          { instanceId: 'ins-a', registryId: 1 },
          { instanceId: 'ins-a', registryId: 404 },
        ],
      },
      apig: [{ gateway: 'apig', instances: ['gw1'] }],
    });
    const text = await engine.scrape({});
    expect(find(text, 'huaweicloud_swr_signature_policy_info').map((s) => s.labels.policy_id)).toEqual([
      '11',
    ]);
    expect(find(text, 'huaweicloud_swr_registry_info').map((s) => s.labels.registry_id)).toEqual(['1']);
    expect(north.count('swr.listInstances')).toBe(0);
    expect(north.count('swr.listRegistries')).toBe(0);
    expect(north.count('swr.showRegistry')).toBe(2);
    expect(north.count('swr.listSignPolicies')).toBe(1);
    expect(north.count('apig.listInstances')).toBe(0);
    for (const collector of ['swr_signing', 'swr_registries', 'apig_signature_keys']) {
      expect(value(text, 'huaweicloud_collector_success', { collector })).toBe(1);
    }
  });

  it('turns collectors off per region and globally', async () => {
    const clock = new FakeClock();
    const engine = new Engine({
      targets: [
        { region: 'r1', api: goldenNorth(), swr: { enabled: false }, hss: { enabled: false }, apig: [] },
      ],
      settings: { collectors: { hss_registries: { enabled: false } } },
      now: clock.now,
      apiMetrics: createApiMetricsObserver({ processMetrics: false }),
    });
    engines.push(engine);
    expect(engine.status()).toEqual([]);
    const text = await engine.scrape({});
    expect(find(text, 'huaweicloud_collector_success')).toEqual([]);
  });
});
