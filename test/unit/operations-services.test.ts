import { describe, expect, it } from 'vitest';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { createRegionOperations } from '../../src/huaweicloud/operations/region.js';
import type { Transport } from '../../src/huaweicloud/transport-types.js';
import { api, fakeTransport, listing, PID, page, query, rejection } from './operations-helpers.js';

const hssRegistry = (i: number) => ({
  id: `h-${i}`,
  registry_name: `r${i}`,
  registry_type: 'Harbor',
  status: 'success',
  latest_sync_time: 1736925890944,
});
const signKey = (i: number) => ({
  id: `k${i}`,
  name: `key_${i}`,
  sign_type: 'hmac',
  sign_key: `sign-key-${i}`,
  sign_secret: `sign-secret-${i}`,
  bind_num: i,
});

describe('HSS', () => {
  it('ListRegistry: /v5 path, limit 200, record offsets, total_num, enterprise project', async () => {
    const { api: a, requests } = api(listing(450, hssRegistry, 'data_list', 'total_num'));
    const r = await a.hss.listRegistries({ enterpriseProjectId: 'all_granted_eps' });
    expect(r.items).toHaveLength(450);
    expect(r.total).toBe(450);
    expect(r.items[0]?.latest_sync_time?.toISOString()).toBe('2025-01-15T07:24:50.944Z');
    expect(requests[0]).toMatchObject({
      service: 'hss',
      operation: 'ListRegistry',
      path: ['v5', PID, 'image', 'registries'],
    });
    expect(requests.map(query)).toEqual([
      { enterprise_project_id: 'all_granted_eps', offset: '0', limit: '200' },
      { enterprise_project_id: 'all_granted_eps', offset: '200', limit: '200' },
      { enterprise_project_id: 'all_granted_eps', offset: '400', limit: '200' },
    ]);
  });

  it('skipped records still count towards the next record offset', async () => {
    const broken = (i: number) => (i % 100 === 7 ? { ...hssRegistry(i), id: null } : hssRegistry(i));
    const { api: a, requests } = api(listing(450, broken, 'data_list', 'total_num'));
    const r = await a.hss.listRegistries();
    expect(r.items).toHaveLength(445);
    expect(r.total).toBe(450);
    expect(requests.map((q) => query(q).offset)).toEqual(['0', '200', '400']);
  });

  it('without an enterprise project the parameter is not sent', async () => {
    const { api: a, requests } = api(() => ({ data_list: [], total_num: 0 }));
    await a.hss.listRegistries();
    expect(query(requests[0])).toEqual({ offset: '0', limit: '200' });
  });
});

describe('APIG and ROMA', () => {
  it('ListInstancesV2 (apig) and the ROMA instance list use their own paths and services', async () => {
    const { api: a, requests } = api((req) =>
      req.service === 'roma'
        ? {
            total: 1,
            size: 1,
            instances: [{ id: 'r1', name: 'roma-1', status: 'RUNNING', create_time: '1597390885000' }],
          }
        : listing(
            501,
            (i) => ({ id: `g${i}`, instance_name: `gw${i}`, status: 'Running', create_time: 1597390885 }),
            'instances',
          )(req),
    );
    const apig = await a.apig.listInstances('apig');
    const roma = await a.apig.listInstances('roma');
    expect(apig.items).toHaveLength(501);
    expect(roma.items).toEqual([
      expect.objectContaining({
        id: 'r1',
        instance_name: 'roma-1',
        type: 'roma',
        create_time: new Date(1597390885000),
      }),
    ]);
    expect(
      requests.map((r) => [r.service, r.operation, r.path.join('/'), query(r).offset, query(r).limit]),
    ).toEqual([
      ['apig', 'ListInstancesV2', `v2/${PID}/apigw/instances`, '0', '500'],
      ['apig', 'ListInstancesV2', `v2/${PID}/apigw/instances`, '500', '500'],
      ['roma', 'CheckRomaInstanceListV2', `v2/${PID}/instances`, '0', '500'],
    ]);
    expect(requests.every((r) => r.projectId === PID)).toBe(true);
  });

  it('ListSignatureKeysV2: apigw on apig, apic on roma; secrets never leave the parser', async () => {
    const { api: a, requests } = api(listing(3, signKey, 'signs'));
    const apig = await a.apig.listSignatureKeys('apig', 'gw-1');
    const roma = await a.apig.listSignatureKeys('roma', 'roma-1');
    expect(apig.items.map((k) => k.bind_num)).toEqual([0, 1, 2]);
    expect(requests.map((r) => [r.service, r.path.join('/')])).toEqual([
      ['apig', `v2/${PID}/apigw/instances/gw-1/signs`],
      ['roma', `v2/${PID}/apic/instances/roma-1/signs`],
    ]);
    const dump = JSON.stringify([apig, roma]);
    expect(dump).not.toMatch(/sign-(key|secret)-/);
  });

  it('an unknown gateway is a CONFIG error', async () => {
    const { api: a } = api(() => ({}));
    const e = await rejection(a.apig.listSignatureKeys('kong' as 'apig', 'x'));
    expect(e).toMatchObject({
      code: 'CONFIG',
      message: "ListSignatureKeysV2: gateway must be 'apig' or 'roma'",
    });
  });
});

describe('errors', () => {
  it('a body whose structure is wrong names the operation, the field and carries the request id', async () => {
    const { api: a } = api((req) =>
      page(req).offset === 0 ? { signs: [signKey(0)], total: 2 } : { signs: { key: signKey(1) }, total: 2 },
    );
    const e = await rejection(a.apig.listSignatureKeys('apig', 'gw', {}));
    expect(e).toMatchObject({
      code: 'INVALID_RESPONSE',
      service: 'apig',
      operation: 'ListSignatureKeysV2',
      requestId: 'req-2', // the second page broke the schema
      message: 'ListSignatureKeysV2: invalid response: signs: expected array, got object',
    });
  });

  it('transport errors pass through unchanged', async () => {
    const failure = new HuaweiCloudError({
      code: 'AUTH_FAILED',
      message: 'ListRegistry: 401 APIGW.0301',
      status: 401,
    });
    const transport: Transport = {
      send: () => Promise.reject(failure),
      close: async () => {},
    };
    const a = createRegionOperations({ region: 'cn-north-4', transport, projectId: PID });
    expect(await rejection(a.hss.listRegistries())).toBe(failure);
  });

  it('bad construction options are CONFIG errors', () => {
    const { transport } = fakeTransport(() => ({}));
    expect(() => createRegionOperations({ region: '', transport })).toThrow(
      /region must be a non-empty string/,
    );
    expect(() => createRegionOperations({ region: 'r', transport, maxPages: 0 })).toThrow(
      /maxPages must be an integer >= 1/,
    );
    expect(() => createRegionOperations({ region: 'r', transport, projectId: '' })).toThrow(/projectId/);
  });

  it('maxPages reaches the paginator', async () => {
    const fake = fakeTransport(listing(1000, hssRegistry, 'data_list', 'total_num'));
    const a = createRegionOperations({ region: 'r', transport: fake.transport, projectId: PID, maxPages: 2 });
    const e = await rejection(a.hss.listRegistries());
    expect(e.code).toBe('PAGINATION');
    expect(fake.requests).toHaveLength(2);
  });
});
