// The world builds each whole list once per state: pages of one list share it, and any change rebuilds it.

import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/simulator/world/index.js';
import type { WorldResult } from '../../src/simulator/world/types.js';

const NOW = Date.UTC(2025, 3, 2, 6);

function unwrap<T>(result: WorldResult<T>): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

function setup() {
  const world = createWorld({ seed: 13, scale: 'small', nowMs: NOW });
  const projectId = world.regions[0]?.projectId ?? '';
  const instanceId = unwrap(world.listSwrInstances(projectId, { status: 'Running' }))[0]?.id ?? '';
  return { world, projectId, instanceId };
}

describe('whole lists per state of the world', () => {
  it('hands every page of a list the same build, per filter', () => {
    const { world, projectId, instanceId } = setup();
    const first = unwrap(world.listSwrRegistries(projectId, instanceId));
    expect(unwrap(world.listSwrRegistries(projectId, instanceId))).toBe(first);
    const byName = unwrap(world.listSwrRegistries(projectId, instanceId, { order_column: 'name' }));
    expect(byName).not.toBe(first);
    expect(unwrap(world.listSignPolicies(projectId, instanceId))).toBe(
      unwrap(world.listSignPolicies(projectId, instanceId)),
    );
    expect(unwrap(world.listHssRegistries(projectId))).toBe(unwrap(world.listHssRegistries(projectId)));
  });

  it('rebuilds after a mutation and after the clock moves', () => {
    const { world, projectId, instanceId } = setup();
    const before = unwrap(world.listHssRegistries(projectId));
    const added = unwrap(world.addHssRegistry(projectId, { registry_name: 'fresh' }));
    const after = unwrap(world.listHssRegistries(projectId));
    expect(after).toHaveLength(before.length + 1);
    expect(after.map((r) => r.id)).toContain(added.id);

    const policies = unwrap(world.listSignPolicies(projectId, instanceId));
    world.tick(NOW + 60_000);
    expect(unwrap(world.listSignPolicies(projectId, instanceId))).not.toBe(policies);
    expect(unwrap(world.listSignPolicies(projectId, instanceId))).toEqual(policies);
  });
});
