// The simulator's SWR replication and retention APIs (src/simulator/modules/swr-replication.ts and
// swr-retention.ts): parameter rules and error codes, pagination, IAM actions, executions that start and
// finish as the world clock moves, the stalled scheduled policy, and both listing orders.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBody } from '../../src/huaweicloud/schemas/parse.js';
import {
  listSwrReplicationExecutionsBody,
  listSwrReplicationPoliciesBody,
  listSwrReplicationTasksBody,
} from '../../src/huaweicloud/schemas/swr-replication.js';
import {
  listSwrRetentionExecutionsBody,
  listSwrRetentionPoliciesBody,
  listSwrRetentionTasksBody,
} from '../../src/huaweicloud/schemas/swr-retention.js';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { rawCall, signedCall } from './sim-client.js';

let sim: SimulatorHandle;
let pid = '';
let instance = '';
const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);

async function get(segments: string[], query: Array<[string, string]> = []) {
  const { ak, sk } = sim.credentials;
  return signedCall(sim.url, { segments, query, ak, sk, date: new Date(NOW) });
}
const swr = (...rest: string[]) => ['swr', 'v2', pid, 'instances', instance, ...rest];

interface Execution {
  id: number;
  policy_id: number;
  status: string;
  total: number;
  succeed: number;
  failed: number;
  in_progress: number;
  stopped: number;
  created_at: string;
  updated_at: string;
}

async function allReplicationExecutions(policyId: number): Promise<Execution[]> {
  const out: Execution[] = [];
  for (let offset = 0; ; offset += 20) {
    const page = await get(swr('replication', 'executions'), [
      ['policy_id', String(policyId)],
      ['offset', String(offset)],
      ['limit', '20'],
    ]);
    expect(page.status).toBe(200);
    out.push(...page.json.executions);
    if (offset + 20 >= page.json.total) return out;
  }
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, quotas: {}, now: () => NOW });
  pid = sim.regions[0]?.projectId ?? '';
  const instances = await get(['swr', 'v2', pid, 'instances']);
  instance = instances.json.instances.find((i: { status: string }) => i.status === 'Running').id;
});

afterAll(async () => {
  await sim.close();
});

describe('replication policies', () => {
  it('lists policies with their registries, triggers and a total, newest created first by default', async () => {
    const res = await get(swr('replication', 'policies'));
    expect(res.status).toBe(200);
    expect(res.json.total).toBe(res.json.policies.length);
    const triggers = res.json.policies.map((p: { trigger: { type: string } }) => p.trigger.type);
    expect(new Set(triggers)).toEqual(new Set(['scheduled', 'event_based', 'manual']));
    const created = res.json.policies.map((p: { created_at: string }) => Date.parse(p.created_at));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    for (const policy of res.json.policies) {
      expect(policy.dest_registry?.id ?? policy.src_registry?.id).toEqual(expect.any(Number));
    }
    const asc = await get(swr('replication', 'policies'), [
      ['order_column', 'created_at'],
      ['order_type', 'asc'],
    ]);
    expect(asc.json.policies.map((p: { id: number }) => p.id)).toEqual(
      res.json.policies.map((p: { id: number }) => p.id).reverse(),
    );
  });

  it('sorts by the column asked for', async () => {
    const byUpdated = await get(swr('replication', 'policies'), [
      ['order_column', 'updated_at'],
      ['order_type', 'asc'],
    ]);
    const updated = byUpdated.json.policies.map((p: { updated_at: string }) => Date.parse(p.updated_at));
    expect(updated).toEqual([...updated].sort((a, b) => a - b));
    const created = byUpdated.json.policies.map((p: { created_at: string }) => Date.parse(p.created_at));
    expect(created).not.toEqual([...created].sort((a, b) => a - b));
  });

  it.each([
    [
      [
        ['offset', '3'],
        ['limit', '2'],
      ],
    ],
    [[['limit', '101']]],
    [[['order_type', 'sideways']]],
    [[['registry_id', 'x']]],
  ] as Array<[Array<[string, string]>]>)('refuses %j with SWR 400', async (query) => {
    const res = await get(swr('replication', 'policies'), query);
    expect(res.status).toBe(400);
    expect(res.json.error_code).toBe('SVCSTG.SWR.4000014');
  });

  it('answers 404 for an instance that does not exist', async () => {
    const res = await get(['swr', 'v2', pid, 'instances', 'no-such-instance', 'replication', 'policies']);
    expect(res.status).toBe(404);
    expect(res.json.error_code).toBe('SVCSTG.SWR.4040102');
  });
});

describe('replication executions', () => {
  it('counts tasks consistently and serves the tasks of an execution', async () => {
    const executions = await allReplicationExecutions(1);
    expect(executions.length).toBeGreaterThan(10);
    for (const e of executions) {
      expect(e.succeed + e.failed + e.in_progress + e.stopped).toBe(e.total);
      expect(e.policy_id).toBe(1);
    }
    const newest = executions.reduce((a, b) => (a.id > b.id ? a : b));
    const tasks = await get(swr('replication', 'executions', String(newest.id), 'tasks'), [['limit', '100']]);
    expect(tasks.status).toBe(200);
    expect(tasks.json.total).toBe(newest.total);
    const succeeded = tasks.json.tasks.filter((t: { status: string }) => t.status === 'Succeed').length;
    expect(succeeded).toBe(newest.succeed);
  });

  it('runs no policy before it was created', async () => {
    const policies = (await get(swr('replication', 'policies'))).json.policies;
    for (const policy of policies.filter((p: { enabled: boolean }) => p.enabled)) {
      const executions = await allReplicationExecutions(policy.id);
      expect(executions.length, policy.name).toBeGreaterThan(0);
      const first = Math.min(...executions.map((e) => Date.parse(e.created_at)));
      expect(first, policy.name).toBeGreaterThanOrEqual(Date.parse(policy.created_at));
    }
  });

  it('answers 404 for an execution id no policy has, 400 for one that is not an integer', async () => {
    expect((await get(swr('replication', 'executions', '7', 'tasks'))).status).toBe(404);
    const bad = await get(swr('replication', 'executions', 'abc', 'tasks'));
    expect(bad.status).toBe(400);
    expect(bad.json.error_code).toBe('SVCSTG.SWR.4000014');
  });

  it('lists newest first or oldest first as the world is told to', async () => {
    const ids = async () => (await allReplicationExecutions(1)).map((e) => e.id);
    const newestFirst = await ids();
    expect(newestFirst).toEqual([...newestFirst].sort((a, b) => b - a));
    await rawCall(sim.url, 'PUT', '/_sim/world/execution-order', { order: 'oldest_first' });
    const oldestFirst = await ids();
    await rawCall(sim.url, 'PUT', '/_sim/world/execution-order', { order: 'newest_first' });
    expect(oldestFirst).toEqual([...newestFirst].reverse());
  });

  it('starts executions InProgress and finishes them as the world clock moves', async () => {
    const before = await allReplicationExecutions(1);
    const run = await rawCall(
      sim.url,
      'POST',
      `/_sim/modules/swr-replication/${pid}/${instance}/1/executions`,
      {
        status: 'Stopped',
      },
    );
    const started = (await allReplicationExecutions(1)).find((e) => e.id === run.json.id);
    expect(started?.status).toBe('InProgress');
    expect(started?.id).toBeGreaterThan(Math.max(...before.map((e) => e.id)));
    sim.tick(30 * 60);
    const after = await allReplicationExecutions(1);
    expect(after.find((e) => e.id === run.json.id)?.status).toBe('Stopped');
    expect(Math.max(...after.map((e) => e.id))).toBeGreaterThan(run.json.id);
  });

  it('keeps the stalled scheduled policy without executions since before the world began', async () => {
    const policies = (await get(swr('replication', 'policies'))).json.policies;
    const stalled = policies.find(
      (p: { trigger: { type: string }; enabled: boolean; id: number }) =>
        p.trigger.type === 'scheduled' && p.enabled && p.id === 3,
    );
    const executions = await allReplicationExecutions(stalled.id);
    const latest = Math.max(...executions.map((e) => Date.parse(e.created_at)));
    expect(latest).toBeLessThan(NOW - 25 * 60 * 60 * 1000);
  });
});

describe('retention', () => {
  it('lists policies per namespace and their executions under the namespace path', async () => {
    const res = await get(swr('retention', 'policies'));
    expect(res.status).toBe(200);
    expect(res.json.total).toBe(res.json.retentions.length);
    const policy = res.json.retentions[0];
    const path = swr(
      'namespaces',
      policy.namespace_name,
      'retention',
      'policies',
      String(policy.id),
      'executions',
    );
    const executions = await get(path, [['limit', '5']]);
    expect(executions.status).toBe(200);
    expect(executions.json.executions).toHaveLength(5);
    const e = executions.json.executions[0];
    expect(Object.keys(e).sort()).toEqual(
      ['dry_run', 'end_time', 'id', 'policy_id', 'start_time', 'status', 'trigger'].sort(),
    );
    const tasks = await get([...path, String(e.id), 'tasks'], [['status', 'Succeed']]);
    expect(tasks.status).toBe(200);
    for (const task of tasks.json.tasks) expect(task.status).toBe('Succeed');
    const wrongNamespace = swr('namespaces', 'not-its-namespace', 'retention', 'policies', String(policy.id));
    expect((await get([...wrongNamespace, 'executions'])).status).toBe(404);
    expect((await get([...path, String(e.id), 'tasks'], [['status', 'Done']])).status).toBe(400);
  });
});

describe('IAM', () => {
  it('answers 403 naming the action when the policy does not allow it', async () => {
    await rawCall(sim.url, 'PUT', '/_sim/auth/denied-actions', {
      actions: ['swr:instance:listReplicationPolicyExecutions'],
    });
    const res = await get(swr('replication', 'executions'));
    await rawCall(sim.url, 'DELETE', '/_sim/auth/denied-actions');
    expect(res.status).toBe(403);
    expect(res.json.error_msg).toContain('swr:instance:listReplicationPolicyExecutions');
    expect((await get(swr('replication', 'executions'))).status).toBe(200);
  });
});

describe('the exporter reads what the simulator serves', () => {
  it('parses every canonical body with nothing skipped and nothing unreadable', async () => {
    const noted: unknown[] = [];
    const read = (schema: Parameters<typeof parseBody>[0], body: unknown) =>
      // biome-ignore lint/suspicious/noExplicitAny: the test walks from one parsed record to the next call
      parseBody(schema, body, { operation: 'op', onNotes: (n) => noted.push(n) }) as { items: any[] };
    const policies = (await get(swr('replication', 'policies'))).json;
    const policy = read(listSwrReplicationPoliciesBody, policies).items.find((p) => p.enabled);
    const executions = (await get(swr('replication', 'executions'), [['policy_id', String(policy.id)]])).json;
    const execution = read(listSwrReplicationExecutionsBody, executions).items[0];
    const tasks = (await get(swr('replication', 'executions', String(execution.id), 'tasks'))).json;
    expect(read(listSwrReplicationTasksBody, tasks).items[0].repository).toMatch(/^[^:]+$/);
    const retention = read(listSwrRetentionPoliciesBody, (await get(swr('retention', 'policies'))).json)
      .items[0];
    const path = swr('namespaces', retention.namespace_name, 'retention', 'policies', String(retention.id));
    const retentionExecutions = (await get([...path, 'executions'])).json;
    const retentionExecution = read(listSwrRetentionExecutionsBody, retentionExecutions).items[0];
    const retentionTasks = (await get([...path, 'executions', String(retentionExecution.id), 'tasks'])).json;
    expect(read(listSwrRetentionTasksBody, retentionTasks).items.length).toBeGreaterThan(0);
    expect(noted).toEqual([]);
  });
});

describe('variety', () => {
  it('serves some records without identity, unlisted statuses and unreadable times, others intact', async () => {
    const varied = await startSimulator({ seed: 5, quotas: {}, now: () => NOW, variety: true });
    try {
      const { ak, sk } = varied.credentials;
      const call = (segments: string[], query: Array<[string, string]> = []) =>
        signedCall(varied.url, { segments, query, ak, sk, date: new Date(NOW) });
      const vpid = varied.regions[0]?.projectId ?? '';
      const instances = (await call(['swr', 'v2', vpid, 'instances'])).json.instances;
      const seen = { identityLess: 0, withId: 0, statuses: new Set<string>() };
      for (const i of instances.filter((x: { id?: unknown }) => typeof x.id === 'string')) {
        const path = ['swr', 'v2', vpid, 'instances', i.id, 'replication', 'executions'];
        const page = await call(path, [['limit', '100']]);
        if (page.status !== 200) continue;
        for (const e of page.json.executions) {
          if (e.id === undefined || e.id === null) seen.identityLess++;
          else seen.withId++;
          seen.statuses.add(String(e.status));
        }
      }
      expect(seen.withId).toBeGreaterThan(seen.identityLess);
      expect(seen.identityLess).toBeGreaterThan(0);
      expect(
        [...seen.statuses].some((s) => !['InProgress', 'Succeed', 'Failed', 'Stopped'].includes(s)),
      ).toBe(true);
    } finally {
      await varied.close();
    }
  });
});

describe('control routes', () => {
  const control = (path: string, method: string, body?: unknown) =>
    rawCall(sim.url, method, `/_sim/modules/swr-replication/${pid}/${instance}${path}`, body);
  const latest = async (policyId: number) => {
    const all = await allReplicationExecutions(policyId);
    return all.reduce((a, b) => (a.id > b.id ? a : b));
  };

  it('stops a schedule (no new executions) and resumes it (executions again)', async () => {
    const stop = await control('/1/running', 'PUT', { running: false });
    expect(stop.json).toEqual({ running: false, changed: true });
    const before = await latest(1);
    sim.tick(60 * 60);
    expect((await latest(1)).id).toBe(before.id);
    expect((await control('/1/running', 'PUT', { running: true })).json.changed).toBe(true);
    sim.tick(15 * 60);
    expect((await latest(1)).id).toBeGreaterThan(before.id);
  });

  it('runs a policy now: it starts InProgress and ends as asked', async () => {
    const run = await control('/4/executions', 'POST', { status: 'Failed' });
    expect(run.status).toBe(201);
    expect(run.json.status).toBe('InProgress');
    expect((await latest(4)).id).toBe(run.json.id);
    expect((await control('/4/executions', 'POST', {})).status).toBe(409);
    sim.tick(200);
    const ended = await latest(4);
    expect([ended.id, ended.status]).toEqual([run.json.id, 'Failed']);
  });

  it('refuses to run a disabled policy: nothing would ever be listed', async () => {
    const policies = (await get(swr('replication', 'policies'))).json.policies;
    const disabled = policies.find((p: { enabled: boolean }) => !p.enabled);
    const run = await control(`/${disabled.id}/executions`, 'POST', {});
    expect([run.status, run.json.error]).toEqual([409, 'policy is disabled']);
  });

  it('ends the finished tasks of a running retention execution no later than now', async () => {
    const policy = (await get(swr('retention', 'policies'))).json.retentions[0];
    const path = swr(
      'namespaces',
      policy.namespace_name,
      'retention',
      'policies',
      String(policy.id),
      'executions',
    );
    const run = await rawCall(
      sim.url,
      'POST',
      `/_sim/modules/swr-retention/${pid}/${instance}/${policy.id}/executions`,
      {},
    );
    expect(run.status).toBe(201);
    const listed = (await get(path, [['limit', '100']])).json.executions;
    const startMs = Date.parse(listed.find((e: { id: number }) => e.id === run.json.id).start_time);
    let checked = 0;
    for (let elapsed = 10; elapsed <= 180; elapsed += 10) {
      sim.tick(10);
      const tasks = (await get([...path, String(run.json.id), 'tasks'], [['limit', '100']])).json.tasks;
      const finished = tasks.filter((t: { status: string }) => t.status === 'Succeed');
      if (finished.length === tasks.length) break;
      for (const task of finished) {
        expect(Date.parse(task.end_time)).toBeLessThanOrEqual(startMs + elapsed * 1000 + 1);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('answers 404 for an unknown policy and 400 for a bad body, and lists its routes', async () => {
    expect((await control('/99/running', 'PUT', { running: true })).status).toBe(404);
    expect((await control('/1/running', 'PUT', { running: 'yes' })).status).toBe(400);
    const index = await rawCall(sim.url, 'GET', '/_sim/');
    expect(index.json.routes).toContain(
      'PUT /_sim/modules/swr-replication/:project/:instance_id/:policy_id/running',
    );
  });
});
