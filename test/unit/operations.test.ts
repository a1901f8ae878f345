import { describe, expect, it } from 'vitest';
import { createRegionOperations } from '../../src/huaweicloud/operations/region.js';
import { api, fakeTransport, listing, PID, page, query, rejection } from './operations-helpers.js';

const execution = (id: number) => ({
  id,
  policy_id: 12,
  status: 'Succeed',
  status_text: '',
  total: 2,
  failed: 0,
  succeed: 2,
  in_progress: 0,
  stopped: 0,
  trigger: 'manual',
  created_at: '2020-12-03T12:21:38.51851Z',
  updated_at: '0001-01-01T00:00:00Z',
});
const task = (id: number) => ({
  id,
  execution_id: 8,
  status: 'Success',
  repository: `repo-${id}`,
  namespace: 'root',
});
const registry = (id: number) => ({
  id,
  name: `reg-${id}`,
  type: 'swr-pro',
  url: 'http://192.168.0.123:30000',
  credential: { type: 'basic', access_key: 'admin', access_secret: 'topsecret-access' },
  insecure: false,
  status: 'healthy',
});

describe('SWR', () => {
  it('ListInstance: path, status filter, X-Project-Id, limit 100', async () => {
    const signal = new AbortController().signal;
    const { api: a, requests } = api(
      listing(120, (i) => ({ id: `i${i}`, name: `n${i}`, status: 'Running' }), 'instances'),
    );
    const r = await a.swr.listInstances({ status: 'Running', signal });
    expect(r.items).toHaveLength(120);
    expect(r.total).toBe(120);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({
      service: 'swr',
      operation: 'ListInstance',
      method: 'GET',
      path: ['v2', PID, 'instances'],
      projectId: PID,
      signal,
    });
    expect(requests.map(query)).toEqual([
      { status: 'Running', offset: '0', limit: '100' },
      { status: 'Running', offset: '100', limit: '100' },
    ]);
  });

  it('ListInstance without a status sends no status filter', async () => {
    const { api: a, requests } = api(() => ({ instances: [], total: 0 }));
    await a.swr.listInstances();
    expect(query(requests[0])).toEqual({ offset: '0', limit: '100' });
  });

  it('ListInstanceSignPolicies: instance-wide path, every page', async () => {
    const policy = (i: number) => ({
      id: i,
      name: `p${i}`,
      namespace_name: 'library',
      enabled: true,
      trigger: { type: 'manual' },
    });
    const { api: a, requests } = api(listing(205, policy, 'policies'));
    const r = await a.swr.listSignPolicies('inst-1');
    expect(r.items.map((p) => p.id)).toEqual(Array.from({ length: 205 }, (_, i) => i));
    expect(requests[0]?.path).toEqual(['v2', PID, 'instances', 'inst-1', 'signature', 'policies']);
    expect(requests.map((q) => page(q).offset)).toEqual([0, 100, 200]);
    expect(r.items[0]?.trigger_type).toBe('manual');
  });

  it('ListInstanceSignPolicyExecutions: one raw page, offsets checked', async () => {
    const { api: a, requests } = api((req) => ({
      executions: [execution(114204)],
      total: 10,
      echo: page(req),
    }));
    const ref = { instanceId: 'inst-1', namespace: 'library', policyId: 12 };
    const r = await a.swr.listSignExecutionsPage(ref, { offset: 20, limit: 10 });
    expect(r.total).toBe(10);
    expect(r.items[0]?.id).toBe(114204);
    expect(r.items[0]?.updated_at).toBeNull();
    expect(requests[0]).toMatchObject({
      operation: 'ListInstanceSignPolicyExecutions',
      path: [
        'v2',
        PID,
        'instances',
        'inst-1',
        'namespaces',
        'library',
        'signature',
        'policies',
        '12',
        'executions',
      ],
      projectId: PID,
    });
    expect(query(requests[0])).toEqual({ offset: '20', limit: '10' });

    for (const bad of [
      { offset: 15, limit: 10 },
      { offset: 0, limit: 101 },
      { offset: 0, limit: 0 },
      { offset: -10, limit: 10 },
    ]) {
      expect((await rejection(a.swr.listSignExecutionsPage(ref, bad))).code).toBe('CONFIG');
    }
    expect(requests).toHaveLength(1);
  });

  it('ListInstanceSignPolicyExecTasks: all pages under the execution', async () => {
    const { api: a, requests } = api(listing(150, task, 'tasks'));
    const r = await a.swr.listSignExecutionTasks({
      instanceId: 'i',
      namespace: 'ns',
      policyId: 12,
      executionId: 8,
    });
    expect(r).toMatchObject({ total: 150, truncated: false });
    expect(r.items).toHaveLength(150);
    expect(requests[1]?.path).toEqual([
      'v2',
      PID,
      'instances',
      'i',
      'namespaces',
      'ns',
      'signature',
      'policies',
      '12',
      'executions',
      '8',
      'tasks',
    ]);
    expect(query(requests[1])).toEqual({ offset: '100', limit: '100' });
  });

  it('ListInstanceRegistries and ShowInstanceRegistry drop the credential secrets', async () => {
    const { api: a, requests } = api((req) =>
      req.operation === 'ShowInstanceRegistry' ? registry(5) : listing(3, registry, 'registries')(req),
    );
    const listed = await a.swr.listRegistries('inst-1', { maxItems: 2 });
    expect(listed).toMatchObject({ total: 3, truncated: true });
    expect(listed.items.map((r) => r.id)).toEqual([0, 1]);
    const shown = await a.swr.showRegistry('inst-1', 5);
    expect(shown).toMatchObject({ id: 5, credential_type: 'basic', status: 'healthy' });
    expect(requests[1]?.path).toEqual(['v2', PID, 'instances', 'inst-1', 'registries', '5']);
    expect(requests[1]?.query).toBeUndefined();
    expect(JSON.stringify([listed, shown])).not.toContain('topsecret-access');
  });

  it('path ids are passed as decoded segments, even odd ones (the transport encodes them)', async () => {
    const { api: a, requests } = api(() => ({ tasks: [], total: 0 }));
    await a.swr.listSignExecutionTasks({
      instanceId: 'a/b c',
      namespace: '../ns',
      policyId: 1,
      executionId: 2,
    });
    expect(requests[0]?.path.slice(3, 6)).toEqual(['a/b c', 'namespaces', '../ns']);
  });

  it('bad caller ids are CONFIG errors and send nothing, not even the IAM project lookup', async () => {
    const { transport, requests } = fakeTransport(() => ({}));
    const a = createRegionOperations({ region: 'cn-north-4', transport });
    expect((await rejection(a.swr.listRegistries(''))).message).toBe(
      'ListInstanceRegistries: instanceId must be a non-empty string',
    );
    expect((await rejection(a.swr.showRegistry('i', 1.5))).code).toBe('CONFIG');
    const ref = { instanceId: 'i', namespace: 'n', policyId: Number.NaN, executionId: 1 };
    expect((await rejection(a.swr.listSignExecutionTasks(ref))).message).toMatch(
      /policyId must be a non-negative integer/,
    );
    expect(requests).toHaveLength(0);
  });
});
