import { describe, expect, it } from 'vitest';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { createRegionOperations, PROJECT_ID_ENV } from '../../src/huaweicloud/operations/region.js';
import type { ApiRequest, ApiResponse, Transport } from '../../src/huaweicloud/transport-types.js';
import { jsonResponse } from './operations-helpers.js';

const REGION = 'cn-north-4';

/** A transport whose IAM answer the test controls; every other call gets an empty HSS page. */
function fake(iam: (req: ApiRequest) => Promise<unknown> | unknown) {
  const requests: ApiRequest[] = [];
  const transport: Transport = {
    async send(req): Promise<ApiResponse> {
      requests.push(req);
      const json = req.service === 'iam' ? await iam(req) : { data_list: [], total_num: 0 };
      return jsonResponse(json);
    },
    async close() {},
  };
  return { transport, requests, iamCalls: () => requests.filter((r) => r.service === 'iam') };
}

const project = (id: string, name = REGION) => ({ id, name, domain_id: 'd', enabled: true });

async function rejection(p: Promise<unknown>): Promise<HuaweiCloudError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(HuaweiCloudError);
  return e as HuaweiCloudError;
}

describe('projectId()', () => {
  it('a configured project id wins: IAM is never asked', async () => {
    const f = fake(() => ({ projects: [project('from-iam')] }));
    const api = createRegionOperations({
      region: REGION,
      transport: f.transport,
      projectId: 'configured',
      env: { [PROJECT_ID_ENV]: 'from-env' },
    });
    expect(await api.projectId()).toBe('configured');
    await api.hss.listRegistries();
    expect(f.requests.map((r) => r.projectId)).toEqual(['configured']);
    expect(f.iamCalls()).toHaveLength(0);
  });

  it('HUAWEICLOUD_SDK_PROJECT_ID is used when nothing is configured (an empty value is ignored)', async () => {
    const f = fake(() => ({ projects: [project('from-iam')] }));
    const withEnv = createRegionOperations({
      region: REGION,
      transport: f.transport,
      env: { [PROJECT_ID_ENV]: 'from-env' },
    });
    expect(await withEnv.projectId()).toBe('from-env');
    expect(f.iamCalls()).toHaveLength(0);
    const emptyEnv = createRegionOperations({
      region: REGION,
      transport: f.transport,
      env: { [PROJECT_ID_ENV]: '' },
    });
    expect(await emptyEnv.projectId()).toBe('from-iam');
  });

  it('resolves through IAM KeystoneListProjects by region name, without X-Project-Id, and caches it', async () => {
    const f = fake(() => ({ projects: [project('p-123')], links: { self: 'x' } }));
    const api = createRegionOperations({ region: REGION, transport: f.transport });
    expect(await api.projectId()).toBe('p-123');
    const iam = f.iamCalls()[0];
    expect(iam).toMatchObject({
      service: 'iam',
      operation: 'KeystoneListProjects',
      method: 'GET',
      path: ['v3', 'projects'],
      query: [['name', REGION]],
    });
    expect(iam?.projectId).toBeUndefined();
    await api.hss.listRegistries();
    expect(await api.projectId()).toBe('p-123');
    expect(f.iamCalls()).toHaveLength(1);
    expect(f.requests.at(-1)).toMatchObject({
      service: 'hss',
      projectId: 'p-123',
      path: ['v5', 'p-123', 'image', 'registries'],
    });
  });

  it('concurrent first calls share one IAM lookup', async () => {
    let release: (v: unknown) => void = () => {};
    const gate = new Promise((resolve) => {
      release = resolve;
    });
    const f = fake(async () => {
      await gate;
      return { projects: [project('p-1')] };
    });
    const api = createRegionOperations({ region: REGION, transport: f.transport });
    const all = Promise.all([
      api.projectId(),
      api.swr.listInstances(),
      api.hss.listRegistries(),
      api.projectId(),
    ]);
    release(undefined);
    const [a, , , d] = await all;
    expect([a, d]).toEqual(['p-1', 'p-1']);
    expect(f.iamCalls()).toHaveLength(1);
  });

  it('no matching project → CONFIG error that says so (projects of other names do not count)', async () => {
    const f = fake(() => ({ projects: [project('sub', `${REGION}_sub`)] }));
    const api = createRegionOperations({ region: REGION, transport: f.transport });
    const e = await rejection(api.projectId());
    expect(e.code).toBe('CONFIG');
    expect(e.operation).toBe('KeystoneListProjects');
    expect(e.message).toMatch(/project not found: no IAM project named "cn-north-4"/);
    // the region's other operations fail the same way and send nothing else
    expect((await rejection(api.swr.listInstances())).code).toBe('CONFIG');
    expect(f.requests.every((r) => r.service === 'iam')).toBe(true);
  });

  it('more than one project of that name → ambiguous', async () => {
    const f = fake(() => ({ projects: [project('a'), project('b')] }));
    const api = createRegionOperations({ region: REGION, transport: f.transport });
    const e = await rejection(api.projectId());
    expect(e.code).toBe('CONFIG');
    expect(e.message).toMatch(/ambiguous project: 2 IAM projects are named "cn-north-4"; set project_id/);
  });

  it('a failed lookup is not cached', async () => {
    let attempt = 0;
    const f = fake(() => {
      attempt++;
      if (attempt === 1)
        throw new HuaweiCloudError({ code: 'NETWORK', message: 'KeystoneListProjects: reset' });
      return { projects: [project('p-2')] };
    });
    const api = createRegionOperations({ region: REGION, transport: f.transport });
    expect((await rejection(api.projectId())).code).toBe('NETWORK');
    expect(await api.projectId()).toBe('p-2');
    expect(f.iamCalls()).toHaveLength(2);
  });

  it('a malformed IAM body is INVALID_RESPONSE naming the field', async () => {
    const f = fake(() => ({ projects: { name: REGION } }));
    const api = createRegionOperations({ region: REGION, transport: f.transport });
    const e = await rejection(api.projectId());
    expect(e).toMatchObject({
      code: 'INVALID_RESPONSE',
      message: 'KeystoneListProjects: invalid response: projects: expected array, got object',
    });
  });

  it('a project without an id is skipped and reported, not taken', async () => {
    const f = fake(() => ({ projects: [{ name: REGION }] }));
    const events: unknown[] = [];
    const observer = { recordsDegraded: (e: unknown) => events.push(e) };
    const api = createRegionOperations({ region: REGION, transport: f.transport, observer });
    const e = await rejection(api.projectId());
    expect(e.message).toMatch(/project not found/);
    expect(events).toEqual([
      {
        service: 'iam',
        operation: 'KeystoneListProjects',
        skipped: [{ reason: 'identity_missing', path: 'projects[0].id' }],
        unreadable: [],
      },
    ]);
  });

  it("a caller's abort stops only that caller's wait; the shared lookup still completes", async () => {
    let release: (v: unknown) => void = () => {};
    const gate = new Promise((resolve) => {
      release = resolve;
    });
    const f = fake(async () => {
      await gate;
      return { projects: [project('p-3')] };
    });
    const api = createRegionOperations({ region: REGION, transport: f.transport });
    const controller = new AbortController();
    const impatient = api.projectId({ signal: controller.signal });
    const patient = api.projectId();
    controller.abort();
    expect((await rejection(impatient)).code).toBe('ABORTED');
    release(undefined);
    expect(await patient).toBe('p-3');
    expect(f.iamCalls()).toHaveLength(1);
  });
});
