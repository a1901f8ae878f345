import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/simulator/world/index.js';
import { compareTimestamps } from '../../src/simulator/world/timestamps.js';
import type { WorldResult } from '../../src/simulator/world/types.js';

const NOW = Date.UTC(2025, 6, 1);

function unwrap<T>(result: WorldResult<T>): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

function invalid<T>(result: WorldResult<T>): string {
  if (result.ok || result.missing !== 'invalid') throw new Error('expected an invalid-input failure');
  return result.message;
}

const world = createWorld({ seed: 17, scale: 'medium', nowMs: NOW });
const projectId = world.regions[0]?.projectId ?? '';
const instances = unwrap(world.listSwrInstances(projectId));
const instanceId = instances[0]?.id ?? '';

describe('world list filters', () => {
  it('filters SWR instances by status', () => {
    const running = unwrap(world.listSwrInstances(projectId, { status: 'Running' }));
    expect(running.length).toBeGreaterThan(0);
    expect(running.length).toBeLessThan(instances.length);
    expect(running.every((i) => i.status === 'Running')).toBe(true);
    expect(unwrap(world.listSwrInstances(projectId, { status: 'Nope' }))).toEqual([]);
    expect(unwrap(world.listSwrInstances(projectId, { enterprise_project_id: '0' }))).toHaveLength(
      instances.length,
    );
  });

  it('filters and orders replication registries', () => {
    unwrap(world.addSwrRegistry(projectId, instanceId, { name: 'Harbor-EU', type: 'swr-pro' }));
    const all = unwrap(world.listSwrRegistries(projectId, instanceId));
    // Default: created_at, newest first.
    for (let i = 1; i < all.length; i++) {
      expect(
        compareTimestamps(all[i - 1]?.created_at ?? '', all[i]?.created_at ?? ''),
      ).toBeGreaterThanOrEqual(0);
    }
    const ascByName = unwrap(
      world.listSwrRegistries(projectId, instanceId, { order_column: 'name', order_type: 'asc' }),
    );
    expect(ascByName.map((r) => r.name)).toEqual(all.map((r) => r.name).sort());
    const byUpdate = unwrap(
      world.listSwrRegistries(projectId, instanceId, { order_column: 'updated_at', order_type: 'asc' }),
    );
    for (let i = 1; i < byUpdate.length; i++) {
      expect(
        compareTimestamps(byUpdate[i - 1]?.updated_at ?? '', byUpdate[i]?.updated_at ?? ''),
      ).toBeLessThanOrEqual(0);
    }
    // `name` is fuzzy and case-insensitive.
    expect(
      unwrap(world.listSwrRegistries(projectId, instanceId, { name: 'harbor-eu' })).map((r) => r.name),
    ).toEqual(['Harbor-EU']);
    const pro = unwrap(world.listSwrRegistries(projectId, instanceId, { type: 'swr-pro' }));
    expect(pro.length).toBeGreaterThan(0);
    expect(pro.every((r) => r.type === 'swr-pro')).toBe(true);
    expect(invalid(world.listSwrRegistries(projectId, instanceId, { order_column: 'size' }))).toMatch(
      /order_column/,
    );
    expect(invalid(world.listSwrRegistries(projectId, instanceId, { order_type: 'up' }))).toMatch(
      /order_type/,
    );
  });

  it('filters HSS registries by name, id, type list, address, status and enterprise project', () => {
    const all = unwrap(world.listHssRegistries(projectId));
    const sample = all[3];
    if (sample === undefined) throw new Error('too few HSS registries');
    expect(unwrap(world.listHssRegistries(projectId, { registry_id: sample.id }))).toEqual([sample]);
    expect(
      unwrap(world.listHssRegistries(projectId, { registry_name: sample.registry_name })),
    ).toContainEqual(sample);
    expect(
      unwrap(world.listHssRegistries(projectId, { registry_addr: sample.registry_addr })),
    ).toContainEqual(sample);
    const types = unwrap(world.listHssRegistries(projectId, { registry_type: 'Harbor, Jfrog' }));
    expect(types.length).toBe(
      all.filter((r) => r.registry_type === 'Harbor' || r.registry_type === 'Jfrog').length,
    );
    const failing = unwrap(world.listHssRegistries(projectId, { status: 'fail' }));
    expect(failing.length).toBe(all.filter((r) => r.status === 'fail').length);
    expect(failing.every((r) => r.fail_reason !== undefined)).toBe(true);

    const other = unwrap(
      world.addHssRegistry(projectId, { registry_name: 'ep-registry', enterprise_project_id: 'ep-42' }),
    );
    const ids = (filter: { enterprise_project_id?: string }) =>
      unwrap(world.listHssRegistries(projectId, filter)).map((r) => r.id);
    expect(ids({})).not.toContain(other.id);
    expect(ids({ enterprise_project_id: '0' })).not.toContain(other.id);
    expect(ids({ enterprise_project_id: 'ep-42' })).toEqual([other.id]);
    expect(ids({ enterprise_project_id: 'all_granted_eps' })).toHaveLength(all.length + 1);
  });

  it('filters APIG instances and signature keys', () => {
    const apig = unwrap(world.listApigInstances(projectId));
    const first = apig[0];
    if (first === undefined) throw new Error('no APIG instance');
    expect(unwrap(world.listApigInstances(projectId, { instance_id: first.id }))).toEqual([first]);
    expect(
      unwrap(world.listApigInstances(projectId, { instance_name: first.instance_name.slice(0, 6) })),
    ).toContainEqual(first);
    expect(
      unwrap(world.listApigInstances(projectId, { status: 'Running' })).every((i) => i.status === 'Running'),
    ).toBe(true);

    const keys = unwrap(world.listSignatureKeys('apig', projectId, first.id));
    const key = keys.find((k) => /[\u4e00-\u9fff]/.test(k.name));
    if (key === undefined) throw new Error('no CJK key name');
    expect(unwrap(world.listSignatureKeys('apig', projectId, first.id, { id: key.id }))).toEqual([key]);
    const prefix = key.name.slice(0, 2);
    const fuzzy = unwrap(world.listSignatureKeys('apig', projectId, first.id, { name: prefix }));
    expect(fuzzy.length).toBeGreaterThan(1);
    expect(fuzzy.every((k) => k.name.includes(prefix))).toBe(true);
    expect(
      unwrap(world.listSignatureKeys('apig', projectId, first.id, { name: prefix, precise_search: 'name' })),
    ).toEqual([]);
    expect(
      unwrap(
        world.listSignatureKeys('apig', projectId, first.id, { name: key.name, precise_search: 'name' }),
      ),
    ).toEqual([key]);
    expect(invalid(world.listSignatureKeys('apig', projectId, first.id, { precise_search: 'id' }))).toMatch(
      /precise_search/,
    );
  });

  it('lists namespaces by id, or filtered and ordered', () => {
    const all = unwrap(world.listNamespaces(projectId, instanceId));
    expect(all.map((n) => n.namespace_id)).toEqual([...all.map((n) => n.namespace_id)].sort((a, b) => a - b));
    const pub = unwrap(world.listNamespaces(projectId, instanceId, { public: 'true' }));
    expect(pub.length).toBe(all.filter((n) => n.metadata.public === 'true').length);
    const byUpdate = unwrap(
      world.listNamespaces(projectId, instanceId, { order_column: 'updated_at', order_type: 'desc' }),
    );
    for (let i = 1; i < byUpdate.length; i++) {
      expect(
        compareTimestamps(byUpdate[i - 1]?.updated_at ?? '', byUpdate[i]?.updated_at ?? ''),
      ).toBeGreaterThanOrEqual(0);
    }
    expect(invalid(world.listNamespaces(projectId, instanceId, { public: 'yes' }))).toMatch(/public/);
  });

  it('compares timestamps with different fraction lengths by their instant', () => {
    expect(compareTimestamps('2020-12-03T12:21:38Z', '2020-12-03T12:21:38.5Z')).toBeLessThan(0);
    expect(compareTimestamps('2020-12-03T12:21:38.51851Z', '2020-12-03T12:21:38.518510Z')).toBe(0);
    expect(compareTimestamps('0001-01-01T00:00:00Z', '1970-01-01T00:00:00Z')).toBeLessThan(0);
  });
});
