import { describe, expect, it } from 'vitest';
import { createWorld, ZERO_TIME } from '../../src/simulator/world/index.js';
import type { ExecutionRaw, ExecutionTaskRaw, World } from '../../src/simulator/world/types.js';

const NOW = Date.UTC(2025, 2, 1, 12);

function unwrap<T>(result: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

interface ExecutionRef {
  projectId: string;
  instanceId: string;
  namespace: string;
  policyId: number;
  execution: ExecutionRaw;
}

function everyExecution(world: World): ExecutionRef[] {
  const out: ExecutionRef[] = [];
  for (const { projectId } of world.regions) {
    for (const instance of unwrap(world.listSwrInstances(projectId))) {
      for (const policy of unwrap(world.listSignPolicies(projectId, instance.id))) {
        const executions = unwrap(
          world.listExecutions(projectId, instance.id, policy.namespace_name, policy.id),
        );
        for (const execution of executions) {
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

function tasksOf(world: World, ref: ExecutionRef): ExecutionTaskRaw[] {
  return unwrap(
    world.listExecutionTasks(ref.projectId, ref.instanceId, ref.namespace, ref.policyId, ref.execution.id),
  );
}

function tally(tasks: ExecutionTaskRaw[]) {
  const count = (...statuses: string[]) => tasks.filter((t) => statuses.includes(t.status)).length;
  return {
    total: tasks.length,
    succeed: count('Success'),
    failed: count('Error'),
    stopped: count('Stopped'),
    in_progress: count('Running', 'Pending'),
  };
}

describe('world executions and tasks', () => {
  const world = createWorld({ seed: 21, scale: 'medium', nowMs: NOW });
  const executions = everyExecution(world);

  it('keeps every execution counter equal to its tasks', () => {
    expect(executions.length).toBeGreaterThan(1000);
    for (const ref of executions) {
      const { execution } = ref;
      const tasks = tasksOf(world, ref);
      expect({
        total: execution.total,
        succeed: execution.succeed,
        failed: execution.failed,
        stopped: execution.stopped,
        in_progress: execution.in_progress,
      }).toEqual(tally(tasks));
      for (const task of tasks) {
        expect(task.execution_id).toBe(execution.id);
        expect(task.namespace).toBe(ref.namespace);
      }
      // One task per repository within an execution.
      expect(new Set(tasks.map((t) => t.repository)).size).toBe(tasks.length);
    }
  });

  it('has realistic histories: every status and trigger, failures explained, running ones unfinished', () => {
    const statuses = new Set(executions.map((r) => r.execution.status));
    expect(statuses).toEqual(new Set(['Succeed', 'Failed', 'Stopped', 'InProgress']));
    expect(new Set(executions.map((r) => r.execution.trigger))).toEqual(new Set(['manual', 'event_based']));
    for (const { execution } of executions) {
      if (execution.status === 'Failed') expect(execution.status_text).not.toBe('');
      if (execution.status === 'Failed' && execution.total > 0) expect(execution.failed).toBeGreaterThan(0);
      if (execution.status === 'Stopped') expect(execution.stopped).toBeGreaterThan(0);
      if (execution.status === 'InProgress') {
        expect(execution.updated_at).toBe(ZERO_TIME);
        expect(execution.in_progress).toBeGreaterThan(0);
      }
      if (execution.status === 'Succeed') expect(execution.succeed).toBe(execution.total);
    }
    // Seed 000's example: failed before any task existed, never updated.
    expect(
      executions.some(
        ({ execution: e }) =>
          e.status_text === 'failed to fetch artifacts' && e.total === 0 && e.updated_at === ZERO_TIME,
      ),
    ).toBe(true);
  });

  it('formats timestamps like SWR: 0–6 fraction digits, and the zero time when unset', () => {
    const pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(\d{1,6}))?Z$/;
    const digits = new Set<number>();
    for (const { execution } of executions) {
      const match = pattern.exec(execution.created_at);
      expect(match).not.toBeNull();
      digits.add(match?.[1]?.length ?? 0);
      expect(execution.updated_at).toMatch(pattern);
      // Go trims trailing zeros from the fraction.
      expect(match?.[1]?.endsWith('0') ?? false).toBe(false);
    }
    expect([...digits].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(executions.some((r) => r.execution.updated_at === ZERO_TIME)).toBe(true);
  });

  it('numbers executions in time order within an instance', () => {
    const byInstance = new Map<string, ExecutionRaw[]>();
    for (const ref of executions)
      byInstance.set(ref.instanceId, [...(byInstance.get(ref.instanceId) ?? []), ref.execution]);
    for (const list of byInstance.values()) {
      const sorted = [...list].sort((a, b) => a.id - b.id);
      const times = sorted.map((e) => Date.parse(e.created_at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(new Set(sorted.map((e) => e.id)).size).toBe(sorted.length);
    }
  });

  it('derives tasks lazily and returns the same tasks on every read, whatever was read before', () => {
    const sample = executions.filter((r) => r.execution.total > 2).slice(0, 40);
    const first = sample.map((ref) => tasksOf(world, ref));
    const second = sample.map((ref) => tasksOf(world, ref));
    expect(second).toEqual(first);
    // A fresh world of the same seed, read in the opposite order, derives identical tasks.
    const twin = createWorld({ seed: 21, scale: 'medium', nowMs: NOW });
    const reversed = [...sample].reverse().map((ref) => tasksOf(twin, ref));
    expect(reversed.reverse()).toEqual(first);
    for (const tasks of first) {
      for (const task of tasks) {
        expect(task.job_id).toMatch(/^[0-9a-f]{24}$/);
        expect(['Success', 'Error', 'Running', 'Pending', 'Stopped']).toContain(task.status);
        if (task.status === 'Error') expect(task.status_text).not.toBe('');
        if (task.status === 'Pending') expect(task.updated_at).toBe(ZERO_TIME);
      }
      const ids = tasks.map((t) => t.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    }
  });

  it('lists executions newest first or oldest first, as configured', () => {
    const ref = executions.find((r) => r.execution.total >= 0);
    if (ref === undefined) throw new Error('no execution');
    const list = () =>
      unwrap(world.listExecutions(ref.projectId, ref.instanceId, ref.namespace, ref.policyId)).map(
        (e) => e.id,
      );
    world.executionOrder = 'newest_first';
    const newest = list();
    expect(newest).toEqual([...newest].sort((a, b) => b - a));
    world.executionOrder = 'oldest_first';
    expect(list()).toEqual([...newest].reverse());
    expect(() => {
      world.executionOrder = 'random' as 'oldest_first';
    }).toThrow(/newest_first or oldest_first/);
    const ordered = createWorld({ seed: 21, scale: 'small', nowMs: NOW, executionOrder: 'oldest_first' });
    expect(ordered.executionOrder).toBe('oldest_first');
  });

  it('tells an unknown instance, namespace, policy and execution apart', () => {
    const ref = executions[0];
    if (ref === undefined) throw new Error('no execution');
    const { projectId, instanceId, namespace, policyId } = ref;
    const kind = (r: { ok: boolean; missing?: string }) => (r.ok ? 'ok' : r.missing);
    expect(kind(world.listExecutions('nope', instanceId, namespace, policyId))).toBe('project');
    expect(kind(world.listExecutions(projectId, 'nope', namespace, policyId))).toBe('instance');
    expect(kind(world.listExecutions(projectId, instanceId, 'no-such-ns', policyId))).toBe('namespace');
    expect(kind(world.listExecutions(projectId, instanceId, namespace, 999_999))).toBe('policy');
    expect(kind(world.listExecutionTasks(projectId, instanceId, namespace, policyId, 1))).toBe('execution');
    expect(kind(world.getSignPolicy(projectId, instanceId, namespace, policyId))).toBe('ok');
  });
});
