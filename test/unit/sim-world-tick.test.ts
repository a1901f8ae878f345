import { describe, expect, it } from 'vitest';
import { createWorld, STEP_MS, ZERO_TIME } from '../../src/simulator/world/index.js';
import type { ExecutionRaw, World } from '../../src/simulator/world/types.js';

const NOW = Date.UTC(2025, 5, 10, 9);
const MINUTE = 60_000;

function unwrap<T>(result: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

interface Ref {
  projectId: string;
  instanceId: string;
  namespace: string;
  policyId: number;
  execution: ExecutionRaw;
}

function everyExecution(world: World): Ref[] {
  const out: Ref[] = [];
  for (const { projectId } of world.regions) {
    for (const instance of unwrap(world.listSwrInstances(projectId))) {
      for (const policy of unwrap(world.listSignPolicies(projectId, instance.id))) {
        for (const execution of unwrap(
          world.listExecutions(projectId, instance.id, policy.namespace_name, policy.id),
        )) {
          out.push({
            projectId,
            instanceId: instance.id,
            namespace: policy.namespace_name,
            policyId: policy.id,
            execution,
          });
        }
      }
    }
  }
  return out;
}

function find(world: World, ref: Ref): ExecutionRaw | undefined {
  const list = unwrap(world.listExecutions(ref.projectId, ref.instanceId, ref.namespace, ref.policyId));
  return list.find((e) => e.id === ref.execution.id);
}

describe('world time', () => {
  it('depends only on seed and how far the clock moved, not on how it got there', () => {
    const stepwise = createWorld({ seed: 8, scale: 'small', nowMs: NOW });
    const oneJump = createWorld({ seed: 8, scale: 'small', nowMs: NOW });
    for (const minutes of [1, 7, 7, 30, 61]) stepwise.tick(NOW + minutes * MINUTE);
    oneJump.tick(NOW + 61 * MINUTE);
    expect(JSON.stringify(stepwise.snapshot())).toBe(JSON.stringify(oneJump.snapshot()));
    expect(stepwise.now()).toBe(NOW + 61 * MINUTE);
    const other = createWorld({ seed: 9, scale: 'small', nowMs: NOW });
    other.tick(NOW + 61 * MINUTE);
    expect(JSON.stringify(other.snapshot())).not.toBe(JSON.stringify(oneJump.snapshot()));
  });

  it('never moves backwards and does nothing within one step', () => {
    const world = createWorld({ seed: 8, scale: 'small', nowMs: NOW });
    const before = JSON.stringify(world.snapshot());
    expect(world.tick(NOW - MINUTE).steps).toBe(0);
    expect(world.now()).toBe(NOW);
    expect(world.tick(NOW + STEP_MS - 1).steps).toBe(0);
    expect(JSON.stringify(world.snapshot())).toBe(before);
    expect(world.tick(NOW + STEP_MS).steps).toBe(1);
  });

  it('starts new executions and finishes running ones with counters and updated_at set', () => {
    const world = createWorld({ seed: 21, scale: 'medium', nowMs: NOW });
    const before = everyExecution(world);
    const running = before.filter((r) => r.execution.status === 'InProgress');
    expect(running.length).toBeGreaterThan(0);
    const maxIdBefore = new Map<string, number>();
    for (const r of before)
      maxIdBefore.set(r.instanceId, Math.max(maxIdBefore.get(r.instanceId) ?? 0, r.execution.id));
    const tasksWhileRunning = running.map((ref) =>
      unwrap(
        world.listExecutionTasks(
          ref.projectId,
          ref.instanceId,
          ref.namespace,
          ref.policyId,
          ref.execution.id,
        ),
      ),
    );

    const summary = world.tick(NOW + 10 * MINUTE);
    expect(summary.steps).toBe(40);
    expect(summary.executionsStarted).toBeGreaterThan(0);
    expect(summary.executionsFinished).toBeGreaterThanOrEqual(running.length);

    running.forEach((ref, i) => {
      const now = find(world, ref);
      if (now === undefined) throw new Error('execution vanished');
      expect(['Succeed', 'Failed', 'Stopped']).toContain(now.status);
      expect(now.in_progress).toBe(0);
      expect(now.updated_at).not.toBe(ZERO_TIME);
      expect(now.succeed + now.failed + now.stopped).toBe(now.total);
      const tasks = unwrap(
        world.listExecutionTasks(ref.projectId, ref.instanceId, ref.namespace, ref.policyId, now.id),
      );
      expect(tasks.every((t) => t.status !== 'Running' && t.status !== 'Pending')).toBe(true);
      // Same tasks (ids, jobs, repositories), only their outcome moved on.
      expect(tasks.map((t) => [t.id, t.job_id, t.repository])).toEqual(
        tasksWhileRunning[i]?.map((t) => [t.id, t.job_id, t.repository]),
      );
    });

    const started = everyExecution(world).filter(
      (r) => r.execution.id > (maxIdBefore.get(r.instanceId) ?? 0),
    );
    expect(started.length).toBe(summary.executionsStarted);
    for (const { execution } of started) {
      const created = Date.parse(execution.created_at);
      expect(created).toBeGreaterThan(NOW - STEP_MS);
      expect(created).toBeLessThanOrEqual(NOW + 10 * MINUTE);
      if (execution.status === 'InProgress') expect(execution.updated_at).toBe(ZERO_TIME);
    }
  });

  it('advances HSS sync times and image counts', () => {
    const world = createWorld({ seed: 4, scale: 'medium', nowMs: NOW });
    const projectId = world.regions[0]?.projectId ?? '';
    const before = new Map(unwrap(world.listHssRegistries(projectId)).map((r) => [r.id, r]));
    const summary = world.tick(NOW + 90 * MINUTE);
    expect(summary.hssSyncs).toBeGreaterThan(0);
    const synced = unwrap(world.listHssRegistries(projectId)).filter(
      (r) => r.latest_sync_time > (before.get(r.id)?.latest_sync_time ?? Number.POSITIVE_INFINITY),
    );
    expect(synced.length).toBeGreaterThan(0);
    for (const registry of synced) {
      expect(registry.latest_sync_time).toBeGreaterThan(NOW);
      expect(registry.latest_sync_time).toBeLessThanOrEqual(NOW + 90 * MINUTE);
      expect(registry.images_num).toBeGreaterThanOrEqual(0);
      expect(registry.images_num).toBeLessThanOrEqual(20000);
    }
  });

  it('flips registry health and HSS status over a long run, deterministically', () => {
    const run = () => {
      const world = createWorld({ seed: 30, scale: 'medium', nowMs: NOW });
      return world.tick(NOW + 12 * 60 * MINUTE);
    };
    const summary = run();
    expect(summary.registryFlips).toBeGreaterThan(0);
    expect(summary.hssStatusChanges).toBeGreaterThan(0);
    expect(run()).toEqual(summary);
  });

  it('replays at most one day when the clock jumps further', () => {
    const world = createWorld({ seed: 8, scale: { regions: 1, instances: 1, policies: 2 }, nowMs: NOW });
    const summary = world.tick(NOW + 3 * 86_400_000);
    expect(summary.steps).toBe(86_400_000 / STEP_MS);
    expect(world.now()).toBe(NOW + 3 * 86_400_000);
  });

  it('keeps the newest 100 executions of a busy policy', () => {
    const world = createWorld({
      seed: 8,
      scale: { regions: 1, instances: 1, namespaces: 1, policies: 1, executionsPerPolicy: 5 },
      nowMs: NOW,
    });
    const projectId = world.regions[0]?.projectId ?? '';
    const [instance] = unwrap(world.listSwrInstances(projectId));
    const [policy] = unwrap(world.listSignPolicies(projectId, instance?.id ?? ''));
    if (instance === undefined || policy === undefined) throw new Error('empty estate');
    unwrap(
      world.addSignPolicy(projectId, instance.id, { namespace_name: policy.namespace_name, enabled: false }),
    );
    const summary = world.tick(NOW + 86_400_000);
    const list = () => unwrap(world.listExecutions(projectId, instance.id, policy.namespace_name, policy.id));
    expect(summary.executionsStarted).toBeGreaterThan(100);
    const kept = list();
    expect(kept).toHaveLength(100);
    // Newest first: the oldest ones went.
    expect(kept.map((e) => e.id)).toEqual([...kept.map((e) => e.id)].sort((a, b) => b - a));
    expect(Date.parse(kept[99]?.created_at ?? '')).toBeGreaterThan(NOW);
  });
});
