import { beforeEach, describe, expect, it } from 'vitest';
import { createWorld, ZERO_TIME } from '../../src/simulator/world/index.js';
import type { World, WorldResult } from '../../src/simulator/world/types.js';

const NOW = Date.UTC(2025, 3, 2, 6);

function unwrap<T>(result: WorldResult<T>): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

function failure<T>(result: WorldResult<T>): { missing: string; message: string } {
  if (result.ok) throw new Error('expected a failure');
  return { missing: result.missing, message: result.message };
}

describe('world mutations', () => {
  let world: World;
  let projectId: string;
  let instanceId: string;
  let namespace: string;

  beforeEach(() => {
    world = createWorld({ seed: 13, scale: 'small', nowMs: NOW });
    projectId = world.regions[0]?.projectId ?? '';
    const instance = unwrap(world.listSwrInstances(projectId, { status: 'Running' }))[0];
    instanceId = instance?.id ?? '';
    namespace = unwrap(world.listNamespaces(projectId, instanceId))[0]?.name ?? '';
  });

  it('adds, shows, flips and deletes an SWR registry', () => {
    const added = unwrap(
      world.addSwrRegistry(projectId, instanceId, {
        name: '新的仓库',
        type: 'huawei-SWR',
        status: 'unhealthy',
      }),
    );
    expect(added).toMatchObject({
      name: '新的仓库',
      type: 'huawei-SWR',
      status: 'unhealthy',
      instance_id: instanceId,
    });
    expect(added.credential.access_secret).toBe('*****');
    expect(unwrap(world.getSwrRegistry(projectId, instanceId, added.id))).toEqual(added);
    expect(unwrap(world.setSwrRegistryStatus(projectId, instanceId, added.id, 'healthy')).status).toBe(
      'healthy',
    );
    expect(unwrap(world.getSwrRegistry(projectId, instanceId, added.id)).status).toBe('healthy');
    expect(unwrap(world.deleteSwrRegistry(projectId, instanceId, added.id)).id).toBe(added.id);
    expect(failure(world.getSwrRegistry(projectId, instanceId, added.id)).missing).toBe('registry');
    expect(failure(world.deleteSwrRegistry(projectId, instanceId, added.id)).missing).toBe('registry');
  });

  it('rejects bad SWR registry input with a message naming the field', () => {
    expect(failure(world.addSwrRegistry(projectId, instanceId, { name: '' }))).toEqual({
      missing: 'invalid',
      message: expect.stringContaining('name'),
    });
    expect(
      failure(world.addSwrRegistry(projectId, instanceId, { name: 'x', type: 'docker' })).message,
    ).toMatch(/type/);
    expect(failure(world.setSwrRegistryStatus(projectId, instanceId, 1e6, 'healthy')).missing).toBe(
      'registry',
    );
    const [first] = unwrap(world.listSwrRegistries(projectId, instanceId));
    if (first === undefined) throw new Error('no registry');
    expect(failure(world.setSwrRegistryStatus(projectId, instanceId, first.id, 'sick')).message).toMatch(
      /status/,
    );
    expect(failure(world.addSwrRegistry(projectId, instanceId, { name: first.name })).message).toMatch(
      /already exists/,
    );
    expect(failure(world.addSwrRegistry(projectId, 'no-such-instance', { name: 'x' })).missing).toBe(
      'instance',
    );
    expect(failure(world.addSwrRegistry('no-such-project', instanceId, { name: 'x' })).missing).toBe(
      'project',
    );
  });

  it('adds, changes and deletes an HSS registry, keeping fail_reason only with status fail', () => {
    const added = unwrap(
      world.addHssRegistry(projectId, {
        registry_name: 'harbor-new',
        registry_type: 'Jfrog',
        images_num: 12,
      }),
    );
    expect(added).toMatchObject({
      registry_name: 'harbor-new',
      registry_type: 'Jfrog',
      status: 'success',
      images_num: 12,
    });
    expect(added.latest_sync_time).toBe(NOW);
    const failed = unwrap(world.setHssRegistryStatus(projectId, added.id, 'fail', 'SERVER_ERROR'));
    expect(failed).toMatchObject({ status: 'fail', fail_reason: 'SERVER_ERROR' });
    const found = unwrap(world.listHssRegistries(projectId, { registry_id: added.id }));
    expect(found).toEqual([failed]);
    const back = unwrap(world.setHssRegistryStatus(projectId, added.id, 'accessing'));
    expect(back).not.toHaveProperty('fail_reason');
    expect(
      failure(world.setHssRegistryStatus(projectId, added.id, 'success', 'SERVER_ERROR')).message,
    ).toMatch(/fail_reason/);
    expect(failure(world.setHssRegistryStatus(projectId, added.id, 'fail', 'DISK_FULL')).message).toMatch(
      /fail_reason/,
    );
    expect(
      failure(world.addHssRegistry(projectId, { registry_name: 'x', images_num: 20001 })).message,
    ).toMatch(/images_num/);
    expect(
      failure(world.addHssRegistry(projectId, { registry_name: 'x', registry_type: 'Quay' })).message,
    ).toMatch(/registry_type/);
    expect(unwrap(world.deleteHssRegistry(projectId, added.id)).id).toBe(added.id);
    expect(failure(world.deleteHssRegistry(projectId, added.id)).missing).toBe('registry');
  });

  it('adds and deletes a signature policy, with its executions', () => {
    const policy = unwrap(
      world.addSignPolicy(projectId, instanceId, {
        namespace_name: namespace,
        name: 'sign-new',
        trigger_type: 'manual',
      }),
    );
    expect(policy).toMatchObject({
      name: 'sign-new',
      namespace_name: namespace,
      trigger: { type: 'manual' },
    });
    expect(unwrap(world.listSignPolicies(projectId, instanceId)).map((p) => p.id)).toContain(policy.id);
    expect(unwrap(world.listExecutions(projectId, instanceId, namespace, policy.id))).toEqual([]);
    expect(failure(world.addSignPolicy(projectId, instanceId, { namespace_name: 'nope' })).missing).toBe(
      'namespace',
    );
    expect(
      failure(world.addSignPolicy(projectId, instanceId, { namespace_name: namespace, trigger_type: 'cron' }))
        .message,
    ).toMatch(/trigger_type/);
    unwrap(world.addExecution(projectId, instanceId, policy.id, { status: 'InProgress' }));
    expect(unwrap(world.deleteSignPolicy(projectId, instanceId, policy.id)).id).toBe(policy.id);
    expect(failure(world.listExecutions(projectId, instanceId, namespace, policy.id)).missing).toBe('policy');
    expect(failure(world.deleteSignPolicy(projectId, instanceId, policy.id)).missing).toBe('policy');
  });

  it('adds an execution with given task results and finishes it', () => {
    const [policy] = unwrap(world.listSignPolicies(projectId, instanceId));
    if (policy === undefined) throw new Error('no policy');
    const ns = policy.namespace_name;
    const execution = unwrap(
      world.addExecution(projectId, instanceId, policy.id, {
        status: 'InProgress',
        trigger: 'event_based',
        tasks: [
          { status: 'Success', repository: 'nginx' },
          { status: 'Error', repository: 'redis', status_text: 'kms timeout' },
          { status: 'Running', repository: 'auth' },
          { status: 'Pending', repository: 'api' },
        ],
      }),
    );
    expect(execution).toMatchObject({
      status: 'InProgress',
      trigger: 'event_based',
      total: 4,
      succeed: 1,
      failed: 1,
      in_progress: 2,
      stopped: 0,
      updated_at: ZERO_TIME,
    });
    const listed = unwrap(world.listExecutions(projectId, instanceId, ns, policy.id));
    expect(listed[0]).toEqual(execution); // newest first by default
    expect(execution.id).toBeGreaterThan(Math.max(...listed.slice(1).map((e) => e.id)));
    const tasks = unwrap(world.listExecutionTasks(projectId, instanceId, ns, policy.id, execution.id));
    expect(tasks.map((t) => [t.repository, t.status, t.status_text])).toEqual([
      ['nginx', 'Success', ''],
      ['redis', 'Error', 'kms timeout'],
      ['auth', 'Running', ''],
      ['api', 'Pending', ''],
    ]);
    // Ticks never end an execution the control API created.
    world.tick(NOW + 60 * 60_000);
    expect(
      unwrap(world.listExecutions(projectId, instanceId, ns, policy.id)).find((e) => e.id === execution.id)
        ?.status,
    ).toBe('InProgress');

    const finished = unwrap(
      world.finishExecution(projectId, instanceId, policy.id, execution.id, {
        status: 'Stopped',
        status_text: 'stopped by user',
      }),
    );
    expect(finished).toMatchObject({
      status: 'Stopped',
      status_text: 'stopped by user',
      succeed: 1,
      failed: 1,
      stopped: 2,
      in_progress: 0,
    });
    expect(finished.updated_at).not.toBe(ZERO_TIME);
    const after = unwrap(world.listExecutionTasks(projectId, instanceId, ns, policy.id, execution.id));
    expect(after.map((t) => t.status)).toEqual(['Success', 'Error', 'Stopped', 'Stopped']);
    expect(
      failure(world.finishExecution(projectId, instanceId, policy.id, execution.id, { status: 'Succeed' }))
        .message,
    ).toMatch(/already ended/);
    expect(
      failure(world.finishExecution(projectId, instanceId, policy.id, 1, { status: 'Succeed' })).missing,
    ).toBe('execution');
    expect(failure(world.addExecution(projectId, instanceId, policy.id, { status: 'Done' })).message).toMatch(
      /status/,
    );
    expect(
      failure(
        world.addExecution(projectId, instanceId, policy.id, { status: 'Failed', tasks: [{ status: 'Ok' }] }),
      ).message,
    ).toMatch(/tasks\[0\]\.status/);
  });

  it('finishes a generated running execution: unfinished tasks take the outcome', () => {
    const busy = createWorld({ seed: 21, scale: 'medium', nowMs: NOW });
    for (const { projectId: pid } of busy.regions) {
      for (const instance of unwrap(busy.listSwrInstances(pid))) {
        for (const policy of unwrap(busy.listSignPolicies(pid, instance.id))) {
          const running = unwrap(
            busy.listExecutions(pid, instance.id, policy.namespace_name, policy.id),
          ).find((e) => e.status === 'InProgress');
          if (running === undefined) continue;
          const done = unwrap(
            busy.finishExecution(pid, instance.id, policy.id, running.id, { status: 'Succeed' }),
          );
          expect(done).toMatchObject({ status: 'Succeed', in_progress: 0, total: running.total });
          expect(done.succeed).toBe(running.succeed + running.in_progress);
          expect(done.failed).toBe(running.failed);
          const tasks = unwrap(
            busy.listExecutionTasks(pid, instance.id, policy.namespace_name, policy.id, running.id),
          );
          expect(tasks.filter((t) => t.status === 'Success')).toHaveLength(done.succeed);
          return;
        }
      }
    }
    throw new Error('no running execution in this estate');
  });

  it('adds and deletes signature keys per gateway', () => {
    const [apig] = unwrap(world.listApigInstances(projectId));
    const [roma] = unwrap(world.listRomaInstances(projectId));
    if (apig === undefined || roma === undefined) throw new Error('no gateway');
    const key = unwrap(
      world.addSignatureKey('apig', projectId, apig.id, {
        name: '新密钥_01',
        sign_type: 'aes',
        sign_algorithm: 'aes-256-cfb',
      }),
    );
    expect(key).toMatchObject({
      name: '新密钥_01',
      sign_type: 'aes',
      sign_algorithm: 'aes-256-cfb',
      ldapi_bind_num: 0,
    });
    expect(key.id).toMatch(/^[0-9a-f]{32}$/);
    expect(key.sign_key).toHaveLength(32);
    expect(unwrap(world.listSignatureKeys('apig', projectId, apig.id, { id: key.id }))).toEqual([key]);
    // The key lives on the APIG instance only.
    expect(failure(world.deleteSignatureKey('roma', projectId, roma.id, key.id)).missing).toBe('sign');
    expect(failure(world.addSignatureKey('roma', projectId, apig.id, { name: 'abc' })).missing).toBe(
      'instance',
    );
    const hmac = unwrap(world.addSignatureKey('roma', projectId, roma.id, { name: 'roma_key' }));
    expect(hmac.sign_type).toBe('hmac');
    expect(hmac).not.toHaveProperty('sign_algorithm');
    expect(failure(world.addSignatureKey('apig', projectId, apig.id, { name: 'ab' })).message).toMatch(
      /3–64/,
    );
    expect(
      failure(world.addSignatureKey('apig', projectId, apig.id, { name: 'abc', sign_type: 'rsa' })).message,
    ).toMatch(/sign_type/);
    expect(
      failure(
        world.addSignatureKey('apig', projectId, apig.id, {
          name: 'abc',
          sign_type: 'hmac',
          sign_algorithm: 'aes-128-cfb',
        }),
      ).message,
    ).toMatch(/only allowed with sign_type aes/);
    expect(failure(world.addSignatureKey('apig', projectId, apig.id, { name: '新密钥_01' })).message).toMatch(
      /already exists/,
    );
    expect(unwrap(world.deleteSignatureKey('apig', projectId, apig.id, key.id)).id).toBe(key.id);
    expect(unwrap(world.listSignatureKeys('apig', projectId, apig.id, { id: key.id }))).toEqual([]);
  });

  it('replays the same mutations into the same world', () => {
    const run = () => {
      const w = createWorld({ seed: 13, scale: 'small', nowMs: NOW });
      const pid = w.regions[0]?.projectId ?? '';
      const [instance] = unwrap(w.listSwrInstances(pid));
      unwrap(w.addSwrRegistry(pid, instance?.id ?? '', { name: 'replayed' }));
      unwrap(w.addHssRegistry(pid, { registry_name: 'replayed' }));
      w.tick(NOW + 5 * 60_000);
      return JSON.stringify(w.snapshot());
    };
    expect(run()).toBe(run());
  });
});
