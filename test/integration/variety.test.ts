// Issue 16's "Done when", end to end: against the simulator's variety option (absent/null fields, every
// timestamp layout, unknown fields and enum values, instances not running, records without identity) every
// collector succeeds, every record with a readable identity appears with its values, and the skipped-records
// counter equals what the world served without identity. Expected values come from the served records; the
// instants from the same world built without variety (the canonical layout).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { createWorld } from '../../src/simulator/world/index.js';
import type { ScaleCounts, World } from '../../src/simulator/world/types.js';
import { find, value } from '../unit/collectors-exposition.js';
import { servedInstant } from '../unit/served-timestamps.js';
import { engineOnSimulator, type SimEngine } from './collectors-sim.js';

const SEED = 38; // serves records without identity in six list operations, ROMA included
const SCALE: Partial<ScaleCounts> = {
  regions: 2,
  instances: 3,
  namespaces: 2,
  policies: 4,
  executionsPerPolicy: 3,
  tasksPerExecution: 2,
  registries: 4,
  hssRegistries: 8,
  apigInstances: 3,
  romaInstances: 2,
  keysPerInstance: 5,
};
const T0 = Date.now();
const COLLECTORS = ['swr_signing', 'swr_registries', 'hss_registries', 'apig_signature_keys'];

type Served = Record<string, unknown>;
const records = (result: { ok: true; value: readonly object[] } | { ok: false; message: string }) => {
  if (!result.ok) throw new Error(result.message);
  return result.value as Served[];
};
const readable = (r: Served) => typeof r.id === 'string' || typeof r.id === 'number';
const running = (r: Served) => String(r.status).toUpperCase() === 'RUNNING';
const seconds = (text: unknown) => Date.parse(String(text)) / 1000;

describe('collectors on the simulator with variety', () => {
  let sim: SimulatorHandle;
  let canonical: World;
  let estate: SimEngine;
  let text: string;

  beforeAll(async () => {
    sim = await startSimulator({ seed: SEED, scale: SCALE, variety: true, now: () => T0 });
    canonical = createWorld({ seed: SEED, scale: SCALE, nowMs: T0 });
    estate = await engineOnSimulator(sim, { now: () => T0 });
    text = await estate.engine.scrape({ timeoutSeconds: 20 });
  }, 60_000);
  afterAll(async () => {
    await estate?.close();
    await sim?.close();
  });

  it('every collector reports success in every region', () => {
    for (const { name: region } of sim.regions) {
      for (const collector of COLLECTORS) {
        expect(value(text, 'huaweicloud_collector_success', { collector, region }), collector).toBe(1);
      }
    }
  });

  it('every SWR instance, policy and registry with a readable identity appears with its values', () => {
    let policies = 0;
    for (const { name: region, projectId } of sim.regions) {
      const instances = records(sim.world.listSwrInstances(projectId)).filter(readable);
      expect(find(text, 'huaweicloud_swr_instance_status', { region })).toHaveLength(instances.length);
      for (const instance of instances) {
        const instance_id = String(instance.id);
        const labels = { region, instance_id, status: String(instance.status) };
        expect(value(text, 'huaweicloud_swr_instance_status', labels)).toBe(1);
        const served = records(sim.world.listSignPolicies(projectId, instance_id)).filter(readable);
        const written = find(text, 'huaweicloud_swr_signature_policy_info', { region, instance_id });
        if (!running(instance)) {
          expect(written, `${instance_id} is ${instance.status}`).toEqual([]);
          continue;
        }
        expect(written).toHaveLength(served.length);
        for (const policy of served) {
          const trigger = (policy.trigger as { type?: string } | null | undefined)?.type ?? '';
          const policyLabels = { instance_id, policy_id: String(policy.id) };
          expect(value(text, 'huaweicloud_swr_signature_policy_info', { ...policyLabels, trigger })).toBe(1);
          const ns = String(policy.namespace_name);
          const executions = records(sim.world.listExecutions(projectId, instance_id, ns, Number(policy.id)));
          expect(value(text, 'huaweicloud_swr_signature_executions', policyLabels)).toBe(executions.length);
          const latest = executions.reduce((a, b) => (Number(b.id) > Number(a.id) ? b : a));
          const status = String(latest.status);
          expect(
            value(text, 'huaweicloud_swr_signature_last_execution_status', { ...policyLabels, status }),
          ).toBe(1);
          const plain = records(canonical.listExecutions(projectId, instance_id, ns, Number(policy.id)));
          const created = plain.find((e) => e.id === latest.id)?.created_at;
          // A value no layout reads is absent; any other is the canonical instant.
          const start = find(
            text,
            'huaweicloud_swr_signature_last_execution_start_timestamp_seconds',
            policyLabels,
          );
          expect(start.map((s) => s.value)).toEqual(
            Number.isNaN(servedInstant(latest.created_at)) ? [] : [seconds(created)],
          );
          policies++;
        }
        for (const registry of records(sim.world.listSwrRegistries(projectId, instance_id)).filter(
          readable,
        )) {
          const id = { instance_id, registry_id: String(registry.id) };
          const status = typeof registry.status === 'string' ? registry.status : '';
          expect(value(text, 'huaweicloud_swr_registry_status', { ...id, status })).toBe(1);
          expect(value(text, 'huaweicloud_swr_registry_healthy', id)).toBe(status === 'healthy' ? 1 : 0);
        }
      }
    }
    expect(policies).toBeGreaterThan(5);
  });

  it('every HSS registry of every enterprise project with a readable identity appears with its values', () => {
    for (const { name: region, projectId } of sim.regions) {
      const all = records(
        sim.world.listHssRegistries(projectId, { enterprise_project_id: 'all_granted_eps' }),
      );
      const defaultProject = records(sim.world.listHssRegistries(projectId));
      expect(all.length).toBeGreaterThan(defaultProject.length);
      expect(value(text, 'huaweicloud_hss_registries', { region })).toBe(all.length);
      for (const registry of all.filter(readable)) {
        const id = { region, registry_id: String(registry.id) };
        expect(
          value(text, 'huaweicloud_hss_registry_status', { ...id, status: String(registry.status) }),
        ).toBe(1);
        const images = find(text, 'huaweicloud_hss_registry_images', id).map((s) => s.value);
        expect(images).toEqual(typeof registry.images_num === 'number' ? [registry.images_num] : []);
        const synced = find(text, 'huaweicloud_hss_registry_last_sync_timestamp_seconds', id).map(
          (s) => s.value,
        );
        const ms = registry.latest_sync_time;
        expect(synced).toEqual(typeof ms === 'number' && ms > 0 ? [ms / 1000] : []);
      }
    }
  });

  it('every gateway instance and signature key with a readable identity appears with its values', () => {
    let keys = 0;
    for (const { name: region, projectId } of sim.regions) {
      for (const gateway of ['apig', 'roma'] as const) {
        const instances = records(
          gateway === 'apig'
            ? sim.world.listApigInstances(projectId)
            : sim.world.listRomaInstances(projectId),
        ).filter(readable);
        for (const instance of instances) {
          const instance_id = String(instance.id);
          const status = String(instance.status);
          expect(
            value(text, 'huaweicloud_apig_instance_status', { region, gateway, instance_id, status }),
          ).toBe(1);
          const served = records(sim.world.listSignatureKeys(gateway, projectId, instance_id)).filter(
            readable,
          );
          const written = find(text, 'huaweicloud_apig_signature_key_info', { region, gateway, instance_id });
          expect(written).toHaveLength(running(instance) ? served.length : 0);
          if (!running(instance)) continue;
          const plain = records(canonical.listSignatureKeys(gateway, projectId, instance_id));
          for (const key of served) {
            const id = { gateway, instance_id, key_id: String(key.id) };
            expect(
              value(text, 'huaweicloud_apig_signature_key_info', { ...id, sign_type: String(key.sign_type) }),
            ).toBe(1);
            const created = plain.find((k) => k.id === key.id)?.create_time;
            const written = find(text, 'huaweicloud_apig_signature_key_created_timestamp_seconds', id);
            expect(written.map((s) => s.value)).toEqual(
              Number.isNaN(servedInstant(key.create_time)) ? [] : [seconds(created)],
            );
            keys++;
          }
        }
      }
    }
    expect(keys).toBeGreaterThan(5);
  });

  it('counts exactly the records the world served without identity, per operation', () => {
    const listed = new Set<string>();
    for (const { projectId } of sim.regions) {
      const polled = (items: Served[]) =>
        items.filter((i) => readable(i) && running(i)).map((i) => String(i.id));
      for (const id of polled(records(sim.world.listSwrInstances(projectId)))) listed.add(`swr ${id}`);
      for (const id of polled(records(sim.world.listApigInstances(projectId)))) listed.add(`apig ${id}`);
      for (const id of polled(records(sim.world.listRomaInstances(projectId)))) listed.add(`roma ${id}`);
    }
    const expected = new Map<string, number>();
    for (const r of sim.world.unreadableRecords()) {
      // Lists of an instance's sub-resources are read only for instances that are polled.
      if (r.instanceId !== undefined && !listed.has(`${r.service} ${r.instanceId}`)) continue;
      const key = `${r.service} ${r.operation}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(expected.size).toBeGreaterThan(3);
    const counted = new Map<string, number>();
    for (const s of find(text, 'huaweicloud_api_records_skipped_total')) {
      const key = `${s.labels.service} ${s.labels.operation}`;
      counted.set(key, (counted.get(key) ?? 0) + s.value);
    }
    expect(Object.fromEntries(counted)).toEqual(Object.fromEntries(expected));
    // Values no layout reads were counted too (their own series are absent, checked above).
    const unreadable = find(text, 'huaweicloud_api_fields_unreadable_total');
    expect(unreadable.reduce((sum, s) => sum + s.value, 0)).toBeGreaterThan(0);
  });
});
