// WorldOptions.variety: the same state, served with the variety a real cloud sends. The default world is
// untouched; every variant occurs in a medium estate; instants survive every timestamp layout; the world
// knows exactly which records it served without identity.

import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/simulator/world/index.js';
import type { World } from '../../src/simulator/world/types.js';
import { servedInstant } from './served-timestamps.js';

const NOW = Date.UTC(2025, 0, 15, 8, 30);

function unwrap<T>(result: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

type Served = Record<string, unknown>;

/** Every record the list APIs serve, by operation, with the instance whose list holds it. */
function served(world: World): Array<{ operation: string; record: Served; instanceId?: string }> {
  const out: Array<{ operation: string; record: Served; instanceId?: string }> = [];
  const add = (operation: string, records: readonly object[], instanceId?: string) => {
    for (const record of records) {
      out.push({ operation, record: record as Served, ...(instanceId === undefined ? {} : { instanceId }) });
    }
  };
  const canonical = createWorld({ seed: world.seed, scale: 'medium', nowMs: NOW });
  for (const { projectId } of world.regions) {
    // Instance ids come from the canonical world: a served instance may have lost its own.
    for (const instance of unwrap(canonical.listSwrInstances(projectId))) {
      const instanceId = instance.id;
      add('ListInstanceSignPolicies', unwrap(world.listSignPolicies(projectId, instanceId)), instanceId);
      add('ListInstanceRegistries', unwrap(world.listSwrRegistries(projectId, instanceId)), instanceId);
    }
    add('ListInstance', unwrap(world.listSwrInstances(projectId)));
    add(
      'ListRegistry',
      unwrap(world.listHssRegistries(projectId, { enterprise_project_id: 'all_granted_eps' })),
    );
    add('ListInstancesV2', unwrap(world.listApigInstances(projectId)));
    for (const gateway of ['apig', 'roma'] as const) {
      const ids =
        gateway === 'apig'
          ? unwrap(canonical.listApigInstances(projectId)).map((i) => i.id)
          : unwrap(canonical.listRomaInstances(projectId)).map((i) => i.id);
      for (const id of ids)
        add('ListSignatureKeysV2', unwrap(world.listSignatureKeys(gateway, projectId, id)), id);
    }
    add('CheckRomaInstanceListV2', unwrap(world.listRomaInstances(projectId)));
  }
  return out;
}

describe('the variety option', () => {
  it('leaves the default world as it is, and the varied world holds the same state', () => {
    const plain = createWorld({ seed: 3, scale: 'medium', nowMs: NOW });
    const varied = createWorld({ seed: 3, scale: 'medium', nowMs: NOW, variety: true });
    expect(plain.variety).toBe(false);
    expect(plain.unreadableRecords()).toEqual([]);
    expect(JSON.stringify(served(plain))).not.toMatch(/sim_unlisted|null/);
    expect(varied.snapshot()).toEqual(plain.snapshot());
  });

  it('serves every variant, the same on every read', () => {
    const world = createWorld({ seed: 3, scale: 'medium', nowMs: NOW, variety: true });
    const records = served(world);
    expect(JSON.stringify(served(world))).toBe(JSON.stringify(records));
    const text = JSON.stringify(records);
    expect(text).toContain('sim_unlisted_field');
    expect(records.some(({ record }) => Object.values(record).includes(null))).toBe(true);
    // Unlisted enum values of registries, HSS, keys and instances.
    for (const values of [
      ['checking', 'degraded'],
      ['paused', 'deleting', 'Quay', 'Nexus'],
      ['sm_hmac'],
      ['Upgrading', 'Frozen', 'Migrating', 'UPGRADING'],
    ]) {
      expect(
        values.some((v) => text.includes(`"${v}"`)),
        values.join('|'),
      ).toBe(true);
    }
    // Every accepted layout: 9 fraction digits, ±hh:mm, ±hhmm, no zone, a space, Go's String().
    for (const layout of [
      /\.\d{9}Z"/,
      /T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}"/,
      /T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{4}"/,
      /T\d{2}:\d{2}:\d{2}(\.\d+)?"/,
      /"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?"/,
      / [+-]\d{4} [A-Z]{3}"/,
    ]) {
      expect(text, String(layout)).toMatch(layout);
    }
    // Instances that are not Running, listed next to the others.
    expect(records.some((r) => r.operation === 'ListInstance' && r.record.status !== 'Running')).toBe(true);
  });

  it('keeps every instant whatever the layout, but for the few values made unreadable', () => {
    const plain = createWorld({ seed: 3, scale: 'medium', nowMs: NOW });
    const world = createWorld({ seed: 3, scale: 'medium', nowMs: NOW, variety: true });
    const canonical = served(plain);
    const varied = served(world);
    let compared = 0;
    let unreadable = 0;
    varied.forEach(({ record }, i) => {
      const original = canonical[i]?.record ?? {};
      for (const field of ['created_at', 'updated_at', 'create_time', 'update_time']) {
        const before = original[field];
        const after = record[field];
        if (typeof before !== 'string' || before.startsWith('0001-')) continue;
        const read = servedInstant(after);
        if (Number.isNaN(read)) {
          unreadable++;
          continue;
        }
        expect(read, `${after} for ${before}`).toBe(servedInstant(before));
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(100);
    expect(unreadable).toBeGreaterThan(0);
    expect(unreadable).toBeLessThan(compared / 10);
  });

  it('knows exactly which records it served without identity', () => {
    const world = createWorld({ seed: 3, scale: 'medium', nowMs: NOW, variety: true });
    const lost = served(world)
      .filter(({ record }) => record.id === undefined || record.id === null)
      .map(({ operation, instanceId }) => `${operation} ${instanceId ?? ''}`)
      .sort();
    expect(lost.length).toBeGreaterThan(3);
    const known = world
      .unreadableRecords()
      .map((r) => `${r.operation} ${r.instanceId ?? ''}`)
      .sort();
    expect(known).toEqual(lost);
  });

  it('puts some HSS registries in another enterprise project: only all_granted_eps lists them all', () => {
    const world = createWorld({ seed: 3, scale: 'medium', nowMs: NOW, variety: true });
    const projectId = world.regions[0]?.projectId ?? '';
    const all = unwrap(world.listHssRegistries(projectId, { enterprise_project_id: 'all_granted_eps' }));
    const defaultOnly = unwrap(world.listHssRegistries(projectId));
    expect(defaultOnly.length).toBeGreaterThan(0);
    expect(defaultOnly.length).toBeLessThan(all.length);
  });
});
