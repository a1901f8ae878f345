// The control API changes what the APIs serve; estates are reproducible from the seed; a 10,000-policy estate
// starts and serves.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { STEP_MS } from '../../src/simulator/world/index.js';
import { rawCall, signedCall } from './sim-client.js';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
let sim: SimulatorHandle;
let pid = '';
let region = '';
let instance = '';

function get(handle: SimulatorHandle, segments: string[], query: Array<[string, string]> = []) {
  // Every simulator here runs on the fixed clock NOW, so requests are signed at NOW.
  return signedCall(handle.url, {
    segments,
    query,
    ak: handle.credentials.ak,
    sk: handle.credentials.sk,
    date: new Date(NOW),
  });
}
const control = (method: string, path: string, body?: unknown) =>
  rawCall(sim.url, method, `/_sim${path}`, body);

beforeAll(async () => {
  sim = await startSimulator({ seed: 21, now: () => NOW });
  pid = sim.regions[0]?.projectId ?? '';
  region = sim.regions[0]?.name ?? '';
  const instances = await get(sim, ['swr', 'v2', pid, 'instances']);
  instance = instances.json.instances.find((i: { status: string }) => i.status === 'Running').id;
});

afterAll(async () => {
  await sim.close();
});

describe('world mutations through /_sim/', () => {
  const registries = () =>
    get(sim, ['swr', 'v2', pid, 'instances', instance, 'registries'], [['limit', '100']]);

  it('adds, flips and deletes an SWR replication registry', async () => {
    const before = (await registries()).json.total;
    const added = await control('POST', `/world/${region}/swr/${instance}/registries`, {
      name: 'dr-site',
      status: 'healthy',
    });
    expect(added.status).toBe(201);
    const id: number = added.json.id;
    expect((await registries()).json.total).toBe(before + 1);

    await control('PUT', `/world/${region}/swr/${instance}/registries/${id}/status`, { status: 'unhealthy' });
    const shown = await get(sim, ['swr', 'v2', pid, 'instances', instance, 'registries', String(id)]);
    expect(shown.json.status).toBe('unhealthy');

    expect((await control('DELETE', `/world/${pid}/swr/${instance}/registries/${id}`)).status).toBe(200);
    const gone = await get(sim, ['swr', 'v2', pid, 'instances', instance, 'registries', String(id)]);
    expect(gone.status).toBe(404);
  });

  it('adds a policy, runs and finishes an execution, deletes the policy', async () => {
    const namespaces = await get(sim, ['swr', 'v2', pid, 'instances', instance, 'namespaces']);
    const namespace: string = namespaces.json.namespaces[0].name;
    const policy = await control('POST', `/world/${region}/swr/${instance}/policies`, {
      namespace_name: namespace,
    });
    expect(policy.status).toBe(201);
    const policyPath = [
      'swr',
      'v2',
      pid,
      'instances',
      instance,
      'namespaces',
      namespace,
      'signature',
      'policies',
      String(policy.json.id),
    ];

    const run = await control(
      'POST',
      `/world/${region}/swr/${instance}/policies/${policy.json.id}/executions`,
      {
        status: 'InProgress',
        tasks: [{ status: 'Running' }, { status: 'Success' }],
      },
    );
    expect(run.status).toBe(201);
    const executions = await get(sim, [...policyPath, 'executions']);
    expect(executions.json.executions.map((e: { id: number }) => e.id)).toContain(run.json.id);

    const finish = await control(
      'POST',
      `/world/${region}/swr/${instance}/policies/${policy.json.id}/executions/${run.json.id}/finish`,
      {
        status: 'Failed',
        status_text: 'failed to fetch artifacts',
      },
    );
    expect(finish.json.status).toBe('Failed');
    const after = await get(sim, [...policyPath, 'executions']);
    expect(after.json.executions.find((e: { id: number }) => e.id === run.json.id).status).toBe('Failed');

    await control('DELETE', `/world/${region}/swr/${instance}/policies/${policy.json.id}`);
    expect((await get(sim, [...policyPath, 'executions'])).status).toBe(404);
  });

  it('sets the execution order', async () => {
    const policies = await get(sim, ['swr', 'v2', pid, 'instances', instance, 'signature', 'policies']);
    const p = policies.json.policies[0];
    const path = [
      'swr',
      'v2',
      pid,
      'instances',
      instance,
      'namespaces',
      p.namespace_name,
      'signature',
      'policies',
      String(p.id),
      'executions',
    ];
    const idsOf = async () =>
      (await get(sim, path, [['limit', '100']])).json.executions.map((e: { id: number }) => e.id);
    await control('PUT', '/world/execution-order', { order: 'newest_first' });
    const newest = await idsOf();
    await control('PUT', '/world/execution-order', { order: 'oldest_first' });
    const oldest = await idsOf();
    expect(newest.length).toBeGreaterThan(1);
    expect(oldest).toEqual([...newest].reverse());
  });

  it('adds and deletes signature keys on APIG and ROMA', async () => {
    for (const gateway of ['apig', 'roma'] as const) {
      const list =
        gateway === 'apig' ? ['apig', 'v2', pid, 'apigw', 'instances'] : ['roma', 'v2', pid, 'instances'];
      const gw = (await get(sim, list)).json.instances[0].id;
      const signs =
        gateway === 'apig'
          ? ['apig', 'v2', pid, 'apigw', 'instances', gw, 'signs']
          : ['roma', 'v2', pid, 'apic', 'instances', gw, 'signs'];
      const before = (await get(sim, signs)).json.total;
      const key = await control('POST', `/world/${region}/${gateway}/${gw}/keys`, {
        name: '签名密钥_new',
        sign_type: 'aes',
        sign_algorithm: 'aes-256-cfb',
      });
      expect(key.status).toBe(201);
      const found = await get(sim, signs, [
        ['name', '签名密钥_new'],
        ['precise_search', 'name'],
      ]);
      expect(found.json.signs[0]).toMatchObject({ id: key.json.id, sign_type: 'aes' });
      expect((await get(sim, signs)).json.total).toBe(before + 1);
      await control('DELETE', `/world/${region}/${gateway}/${gw}/keys/${key.json.id}`);
      expect((await get(sim, signs)).json.total).toBe(before);
    }
  });

  it('adds, fails and deletes an HSS registry', async () => {
    const added = await control('POST', `/world/${region}/hss/registries`, {
      registry_name: 'harbor-dr',
      registry_type: 'Harbor',
    });
    expect(added.status).toBe(201);
    await control('PUT', `/world/${region}/hss/registries/${added.json.id}/status`, {
      status: 'fail',
      fail_reason: 'SERVER_ERROR',
    });
    const listed = await get(
      sim,
      ['hss', 'v5', pid, 'image', 'registries'],
      [
        ['registry_name', 'harbor-dr'],
        ['limit', '200'],
      ],
    );
    expect(listed.json.data_list.find((r: { id: string }) => r.id === added.json.id)).toMatchObject({
      status: 'fail',
      fail_reason: 'SERVER_ERROR',
    });
    expect((await control('DELETE', `/world/${region}/hss/registries/${added.json.id}`)).status).toBe(200);
  });

  it('answers bad control input with 400/404 naming the problem', async () => {
    const missing = await control('POST', `/world/${region}/swr/${instance}/registries`, { type: 'swr-pro' });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toContain('name');
    const notJson = await rawCall(sim.url, 'POST', `/_sim/world/${region}/hss/registries`, '{', {
      'content-type': 'application/json',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error).toContain('not valid JSON');
    expect((await control('POST', `/world/nowhere-9/hss/registries`, { registry_name: 'x' })).status).toBe(
      404,
    );
    expect(
      (await control('POST', `/world/${region}/swr/no-such-instance/registries`, { name: 'x' })).status,
    ).toBe(404);
    expect((await control('PUT', '/world/execution-order', { order: 'random' })).status).toBe(400);
  });
});

describe('control API index', () => {
  it('lists every control route', async () => {
    const res = await control('GET', '/');
    expect(res.json.routes).toContain('POST /_sim/time/tick');
    expect(res.json.routes).toContain('PUT /_sim/faults/:target');
    expect(res.json.routes).toContain('POST /_sim/world/:project/swr/:instance_id/registries');
  });
});

describe('time and the request log', () => {
  it('ticks the world forward', async () => {
    const before = (await control('GET', '/info')).json.worldTime;
    const tick = await control('POST', '/time/tick', { seconds: 600 });
    expect(tick.status).toBe(200);
    expect(tick.json.steps).toBe(600_000 / STEP_MS);
    expect(Date.parse(tick.json.worldTime) - Date.parse(before)).toBe(600_000);
    expect((await control('POST', '/time/tick', { seconds: -5 })).status).toBe(400);
  });

  it('counts calls per operation with status, and resets', async () => {
    await control('DELETE', '/log');
    await get(sim, ['swr', 'v2', pid, 'instances']);
    await get(sim, ['swr', 'v2', pid, 'instances'], [['limit', '0']]);
    await get(sim, ['hss', 'v5', pid, 'image', 'registries']);
    const log = await control('GET', '/log?operation=swr.ListInstance');
    expect(log.json.summary).toEqual({
      'hss.ListRegistry': { calls: 1, statuses: { '200': 1 } },
      'swr.ListInstance': { calls: 2, statuses: { '200': 1, '400': 1 } },
    });
    expect(log.json.entries.map((e: { status: number }) => e.status)).toEqual([200, 400]);
    await control('DELETE', '/log');
    expect((await control('GET', '/log')).json.summary).toEqual({});
  });
});

describe('estates', () => {
  it('are identical for the same seed and differ for another', async () => {
    const a = await startSimulator({ seed: 99, now: () => NOW });
    const b = await startSimulator({ seed: 99, now: () => NOW });
    const c = await startSimulator({ seed: 100, now: () => NOW });
    try {
      const bodies = async (h: SimulatorHandle) => {
        const p = h.regions[0]?.projectId ?? '';
        const inst = (await get(h, ['swr', 'v2', p, 'instances'])).json.instances[0].id;
        return [
          (await get(h, ['swr', 'v2', p, 'instances'])).text,
          (await get(h, ['swr', 'v2', p, 'instances', inst, 'signature', 'policies'], [['limit', '100']]))
            .text,
          (await get(h, ['hss', 'v5', p, 'image', 'registries'], [['limit', '200']])).text,
          (await get(h, ['apig', 'v2', p, 'apigw', 'instances'])).text,
        ];
      };
      expect(a.regions).toEqual(b.regions);
      expect(await bodies(a)).toEqual(await bodies(b));
      expect(JSON.stringify(a.world.snapshot())).toBe(JSON.stringify(b.world.snapshot()));
      expect(JSON.stringify(c.world.snapshot())).not.toBe(JSON.stringify(a.world.snapshot()));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('a 10,000-policy estate starts and serves every policy', async () => {
    const big = await startSimulator({
      seed: 1,
      now: () => NOW,
      scale: { regions: 1, instances: 1, policies: 10_000, executionsPerPolicy: 2 },
    });
    try {
      const p = big.regions[0]?.projectId ?? '';
      const inst = (await get(big, ['swr', 'v2', p, 'instances'])).json.instances[0].id;
      const path = ['swr', 'v2', p, 'instances', inst, 'signature', 'policies'];
      const first = await get(big, path, [['limit', '100']]);
      expect(first.json.total).toBe(10_000);
      const last = await get(big, path, [
        ['offset', '9900'],
        ['limit', '100'],
      ]);
      expect(last.json.policies).toHaveLength(100);
    } finally {
      await big.close();
    }
  });
});
