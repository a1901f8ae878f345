// The collectors and engine against the simulator through the real client: values checked against the
// simulated world, upstream calls counted in the simulator's request log.

import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import type { ScaleCounts } from '../../src/simulator/world/types.js';
import { find, value } from '../unit/collectors-exposition.js';
import { callCounts, callDelta, dataSeries, engineOnSimulator, type SimEngine } from './collectors-sim.js';

const SCALE: Partial<ScaleCounts> = {
  regions: 1,
  instances: 2,
  namespaces: 2,
  policies: 3,
  executionsPerPolicy: 130, // more than one page of 100: both ends must be read
  tasksPerExecution: 4,
  registries: 3,
  hssRegistries: 4,
  apigInstances: 1,
  romaInstances: 1,
  keysPerInstance: 3,
};
const FINISHED = new Set(['Succeed', 'Failed', 'Stopped']);

/** Real time at start (request signatures are checked against it), frozen so estates are reproducible. */
const T0 = Date.now();

class Clock {
  ms = T0;
  readonly now = () => this.ms;
  advance(seconds: number) {
    this.ms += seconds * 1000;
  }
}

const sims: SimulatorHandle[] = [];
const engines: SimEngine[] = [];

async function simulator(executionOrder: 'newest_first' | 'oldest_first' = 'newest_first') {
  // The clock is frozen, so no quota window would ever slide: flow control is tested on its own.
  const sim = await startSimulator({ seed: 42, scale: SCALE, executionOrder, now: () => T0, quotas: {} });
  sims.push(sim);
  return sim;
}

async function engineOn(sim: SimulatorHandle, clock = new Clock()) {
  const created = await engineOnSimulator(sim, { now: clock.now });
  engines.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});
afterAll(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

function runningPolicies(sim: SimulatorHandle) {
  const { world } = sim;
  const region = sim.regions[0];
  if (region === undefined) throw new Error('no region');
  const instances = world.listSwrInstances(region.projectId, { status: 'Running' });
  if (!instances.ok) throw new Error(instances.message);
  return instances.value.flatMap((instance) => {
    const policies = world.listSignPolicies(region.projectId, instance.id);
    if (!policies.ok) throw new Error(policies.message);
    return policies.value.map((policy) => {
      const executions = world.listExecutions(
        region.projectId,
        instance.id,
        policy.namespace_name,
        policy.id,
      );
      if (!executions.ok) throw new Error(executions.message);
      const latest = executions.value.reduce((a, b) => (b.id > a.id ? b : a));
      return { region, instance, policy, executions: executions.value, latest };
    });
  });
}

describe('collectors on the simulator', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await simulator();
  });

  it('every collector answers with the values the world holds, and nothing secret', async () => {
    const { engine } = await engineOn(sim);
    const text = await engine.scrape({ timeoutSeconds: 10 });
    const region = sim.regions[0]?.name ?? '';
    for (const collector of ['swr_signing', 'swr_registries', 'hss_registries', 'apig_signature_keys']) {
      expect(value(text, 'huaweicloud_collector_success', { collector, region })).toBe(1);
    }
    const policies = runningPolicies(sim);
    expect(policies.length).toBeGreaterThan(0);
    expect(find(text, 'huaweicloud_swr_signature_policy_info')).toHaveLength(policies.length);
    for (const { instance, policy, executions, latest } of policies) {
      const labels = { instance_id: instance.id, policy_id: String(policy.id) };
      expect(value(text, 'huaweicloud_swr_signature_executions', labels)).toBe(executions.length);
      expect(value(text, 'huaweicloud_swr_signature_last_execution_id', labels)).toBe(latest.id);
      expect(
        value(text, 'huaweicloud_swr_signature_last_execution_status', { ...labels, status: latest.status }),
      ).toBe(1);
      expect(
        value(text, 'huaweicloud_swr_signature_last_execution_tasks', { ...labels, result: 'total' }),
      ).toBe(latest.total);
    }
    const projectId = sim.regions[0]?.projectId ?? '';
    const hss = sim.world.listHssRegistries(projectId);
    if (!hss.ok) throw new Error(hss.message);
    expect(value(text, 'huaweicloud_hss_registries', { region })).toBe(hss.value.length);
    for (const r of hss.value) {
      expect(value(text, 'huaweicloud_hss_registry_status', { registry_id: r.id, status: r.status })).toBe(1);
    }
    for (const gateway of ['apig', 'roma'] as const) {
      expect(find(text, 'huaweicloud_apig_signature_keys', { gateway }).length).toBeGreaterThan(0);
      for (const key of find(text, 'huaweicloud_apig_signature_key_info', { gateway })) {
        const keys = sim.world.listSignatureKeys(gateway, projectId, key.labels.instance_id ?? '');
        if (!keys.ok) throw new Error(keys.message);
        const raw = keys.value.find((k) => k.id === key.labels.key_id);
        expect(raw?.name).toBe(key.labels.key_name);
        expect(text).not.toContain(raw?.sign_secret);
        if (raw !== undefined && raw.sign_key.length > 0) expect(text).not.toContain(`"${raw.sign_key}"`);
      }
    }
    expect(text).not.toContain(sim.credentials.sk);
  });

  it('passes promtool check metrics', async (ctx) => {
    const available = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
    if (!available && process.env.REQUIRE_PROMETHEUS !== '1') {
      console.warn('promtool not found: skipping `promtool check metrics`');
      ctx.skip();
    }
    expect(available, 'promtool is required (REQUIRE_PROMETHEUS=1) but not installed').toBe(true);
    const { engine } = await engineOn(sim);
    const text = await engine.scrape({ timeoutSeconds: 10 });
    const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toBe('');
  });

  it('N concurrent scrapes make exactly the calls of one scrape (counted by the simulator)', async () => {
    const before = callCounts(sim);
    await (await engineOn(sim)).engine.scrape({ timeoutSeconds: 10 });
    const one = callDelta(before, callCounts(sim));
    expect(one['swr.ListInstanceSignPolicyExecutions']).toBeGreaterThanOrEqual(
      2 * runningPolicies(sim).length,
    );

    const middle = callCounts(sim);
    const { engine } = await engineOn(sim);
    const texts = await Promise.all(Array.from({ length: 6 }, () => engine.scrape({ timeoutSeconds: 10 })));
    expect(callDelta(middle, callCounts(sim))).toEqual(one);
    expect(new Set(texts.map(dataSeries)).size).toBe(1);
  });

  it("reads a finished execution's tasks once; later refreshes read only unfinished ones", async () => {
    const [first] = runningPolicies(sim);
    if (first === undefined) throw new Error('no policy');
    const added = sim.world.addExecution(first.region.projectId, first.instance.id, first.policy.id, {
      status: 'InProgress',
      tasks: [{ status: 'Running', repository: 'team/app' }],
    });
    expect(added.ok).toBe(true);
    const clock = new Clock();
    const { engine } = await engineOn(sim, clock);
    await engine.scrape({ timeoutSeconds: 10 });
    const before = callCounts(sim);
    clock.advance(31);
    const text = await engine.scrape({ timeoutSeconds: 10 });
    expect(value(text, 'huaweicloud_collector_success', { collector: 'swr_signing' })).toBe(1);
    const unfinished = runningPolicies(sim).filter((p) => !FINISHED.has(p.latest.status)).length;
    expect(unfinished).toBe(1);
    expect(callDelta(before, callCounts(sim))['swr.ListInstanceSignPolicyExecTasks'] ?? 0).toBe(unfinished);
  });

  it('series of deleted resources disappear at the next refresh', async () => {
    const clock = new Clock();
    const { engine } = await engineOn(sim, clock);
    const before = await engine.scrape({ timeoutSeconds: 10 });
    const projectId = sim.regions[0]?.projectId ?? '';
    const registry = find(before, 'huaweicloud_swr_registry_info')[0]?.labels;
    const hss = find(before, 'huaweicloud_hss_registry_info')[0]?.labels;
    const key = find(before, 'huaweicloud_apig_signature_key_info', { gateway: 'apig' })[0]?.labels;
    const policy = find(before, 'huaweicloud_swr_signature_policy_info')[0]?.labels;
    if (!registry || !hss || !key || !policy) throw new Error('estate too small for this test');
    expect(
      sim.world.deleteSwrRegistry(projectId, registry.instance_id ?? '', Number(registry.registry_id)).ok,
    ).toBe(true);
    expect(sim.world.deleteHssRegistry(projectId, hss.registry_id ?? '').ok).toBe(true);
    expect(sim.world.deleteSignatureKey('apig', projectId, key.instance_id ?? '', key.key_id ?? '').ok).toBe(
      true,
    );
    expect(sim.world.deleteSignPolicy(projectId, policy.instance_id ?? '', Number(policy.policy_id)).ok).toBe(
      true,
    );
    clock.advance(301);
    const after = await engine.scrape({ timeoutSeconds: 10 });
    expect(find(after, 'huaweicloud_swr_registry_info', { registry_id: registry.registry_id ?? '' })).toEqual(
      [],
    );
    expect(find(after, 'huaweicloud_hss_registry_info', { registry_id: hss.registry_id ?? '' })).toEqual([]);
    expect(find(after, 'huaweicloud_apig_signature_key_info', { key_id: key.key_id ?? '' })).toEqual([]);
    expect(
      find(after, 'huaweicloud_swr_signature_policy_info', {
        instance_id: policy.instance_id ?? '',
        policy_id: policy.policy_id ?? '',
      }),
    ).toEqual([]);
    expect(find(after, 'huaweicloud_collector_success').every((s) => s.value === 1)).toBe(true);
  });
});

describe('collectors on the simulator, adversities', () => {
  it('newest-first and oldest-first listings give the same series and the right latest execution', async () => {
    const newest = await simulator('newest_first');
    const oldest = await simulator('oldest_first');
    const a = await (await engineOn(newest)).engine.scrape({ timeoutSeconds: 10 });
    const b = await (await engineOn(oldest)).engine.scrape({ timeoutSeconds: 10 });
    expect(dataSeries(b)).toBe(dataSeries(a));
    for (const { instance, policy, latest } of runningPolicies(oldest)) {
      expect(
        value(b, 'huaweicloud_swr_signature_last_execution_id', {
          instance_id: instance.id,
          policy_id: String(policy.id),
        }),
      ).toBe(latest.id);
    }
  });

  it('throttling (429 APIG.0308) is retried and still yields the correct values', async () => {
    const calm = await simulator();
    const reference = dataSeries(await (await engineOn(calm)).engine.scrape({ timeoutSeconds: 10 }));

    const busy = await simulator();
    // Counted faults, not rates: which request a random 429 hits depends on the order concurrent collectors
    // send in, so with rates one request could be throttled on all 9 attempts (a collector failed once so,
    // at load average 12). These 8 429s (5 with Retry-After on the executions list, then 3 without on
    // whatever comes next) fit within one request's retries (max 8) however they fall.
    busy.faults.set('*', { throttleRate: 1, count: 3 });
    busy.faults.set('swr.ListInstanceSignPolicyExecutions', {
      throttleRate: 1,
      count: 5,
      retryAfterSeconds: 0,
    });
    const { engine, metrics } = await engineOn(busy);
    const text = await engine.scrape({ timeoutSeconds: 20 });
    expect(find(text, 'huaweicloud_collector_success').map((s) => s.value)).toEqual([1, 1, 1, 1]);
    expect(dataSeries(text)).toBe(reference);
    const throttled = Object.values(busy.requestLog.summary()).reduce(
      (n, s) => n + (s.statuses['429'] ?? 0),
      0,
    );
    expect(throttled).toBe(8);
    const own = await metrics.render();
    const retried = find(own, 'huaweicloud_api_retries_total', { reason: 'throttled' }).reduce(
      (n, s) => n + s.value,
      0,
    );
    expect(retried).toBe(throttled);
    const counted = find(own, 'huaweicloud_api_throttled_total').reduce((n, s) => n + s.value, 0);
    expect(counted).toBe(throttled);
    expect(find(own, 'huaweicloud_api_errors_total', { error_code: 'APIG.0308' }).length).toBeGreaterThan(0);
  });

  it('a slow service cannot make the scrape outlast its deadline; the others still answer', async () => {
    const sim = await simulator();
    sim.faults.set('hss.*', { latencyMs: 5000 });
    const { engine } = await engineOn(sim);
    const text = await engine.scrape({ timeoutSeconds: 1.5 });
    expect(value(text, 'huaweicloud_collector_success', { collector: 'hss_registries' })).toBe(0);
    expect(find(text, 'huaweicloud_hss_registries')).toEqual([]);
    for (const collector of ['swr_signing', 'swr_registries', 'apig_signature_keys']) {
      expect(value(text, 'huaweicloud_collector_success', { collector })).toBe(1);
    }
    const status = engine.status().find((s) => s.name === 'hss_registries');
    expect(status?.lastError ?? 'pending').toMatch(/deadline|pending/);
  });

  it('a refresh slower than two scrape deadlines completes in the background; a later scrape serves it', async () => {
    const sim = await simulator();
    // Each HSS answer takes at least 1.5 s; each scrape waits 0.5 s (1 s timeout minus the offset).
    sim.faults.set('hss.*', { latencyMs: 1500 });
    const { engine } = await engineOn(sim);
    for (let i = 0; i < 2; i++) {
      const text = await engine.scrape({ timeoutSeconds: 1 });
      expect(value(text, 'huaweicloud_collector_success', { collector: 'hss_registries' })).toBe(0);
      expect(find(text, 'huaweicloud_hss_registries')).toEqual([]);
    }
    const hss = () => engine.status().find((s) => s.name === 'hss_registries');
    // The first scrape's deadline made the run overdue; the second answered without waiting for it.
    expect(hss()?.refreshOverdue).toEqual({ startedAt: new Date(T0), runningSeconds: 0 }); // the clock stands still
    for (let i = 0; i < 500 && hss()?.success !== true; i++) await new Promise((r) => setTimeout(r, 10));
    expect(hss()?.success).toBe(true);
    expect(hss()?.refreshOverdue).toBeUndefined();

    const text = await engine.scrape({ timeoutSeconds: 1 });
    expect(value(text, 'huaweicloud_collector_success', { collector: 'hss_registries' })).toBe(1);
    const projectId = sim.regions[0]?.projectId ?? '';
    const registries = sim.world.listHssRegistries(projectId);
    if (!registries.ok) throw new Error(registries.message);
    expect(value(text, 'huaweicloud_hss_registries')).toBe(registries.value.length);
    // One run served all three scrapes: the second found it overdue, the third read what it left in the cache.
    expect(callCounts(sim)['hss.ListRegistry']).toBe(1);
  });
});
