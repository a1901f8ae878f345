// HSS, APIG/ROMA and cross-service rules and errors as a table: exact status and error code per case.

import { describe, expect, it } from 'vitest';
import { rawCall } from './sim-client.js';
import { checkRow, get, hss, ids, type Row, signs, sim, useRulesSimulator } from './sim-rules-fixture.js';

useRulesSimulator();

const hssRows: Row[] = [
  { name: 'HSS limit 9', path: hss, query: [['limit', '9']], status: 400, code: 'HSS.0001' },
  { name: 'HSS limit 201', path: hss, query: [['limit', '201']], status: 400, code: 'HSS.0001' },
  { name: 'HSS limit not an integer', path: hss, query: [['limit', 'ten']], status: 400, code: 'HSS.0001' },
  { name: 'HSS offset -1', path: hss, query: [['offset', '-1']], status: 400, code: 'HSS.0001' },
  { name: 'HSS offset 2000001', path: hss, query: [['offset', '2000001']], status: 400, code: 'HSS.0001' },
  {
    name: 'HSS registry_name of 129 characters',
    path: hss,
    query: [['registry_name', 'r'.repeat(129)]],
    status: 400,
    code: 'HSS.0001',
  },
  {
    name: 'HSS offset 2000000 (empty page, exact total)',
    path: hss,
    query: [['offset', '2000000']],
    status: 200,
    check: (r) => {
      expect(r.json.data_list).toEqual([]);
      expect(r.json.total_num).toBeGreaterThan(0);
    },
  },
  {
    name: 'HSS any record offset is fine',
    path: hss,
    query: [
      ['offset', '3'],
      ['limit', '10'],
    ],
    status: 200,
  },
  {
    name: 'HSS limit 10 and 200',
    path: hss,
    query: [['limit', '200']],
    status: 200,
    check: (r) => expect(r.json.data_list).toHaveLength(r.json.total_num),
  },
];

const gatewayRows: Row[] = (['apig', 'roma'] as const).flatMap((gw): Row[] => [
  {
    name: `${gw} signs limit 0 → 20`,
    path: () => signs(gw),
    query: [['limit', '0']],
    status: 200,
    check: (r) => {
      expect(r.json.size).toBe(20);
      expect(r.json.signs).toHaveLength(20);
      expect(r.json.total).toBe(520);
    },
  },
  {
    name: `${gw} signs limit -5 → 20`,
    path: () => signs(gw),
    query: [['limit', '-5']],
    status: 200,
    check: (r) => expect(r.json.size).toBe(20),
  },
  {
    name: `${gw} signs default limit 20`,
    path: () => signs(gw),
    status: 200,
    check: (r) => expect(r.json.size).toBe(20),
  },
  {
    name: `${gw} signs limit 600 → 500`,
    path: () => signs(gw),
    query: [['limit', '600']],
    status: 200,
    check: (r) => {
      expect(r.json.size).toBe(500);
      expect(r.json.total).toBe(520);
    },
  },
  {
    name: `${gw} signs offset -3 → 0`,
    path: () => signs(gw),
    query: [
      ['offset', '-3'],
      ['limit', '1'],
    ],
    status: 200,
    check: (r) => expect(r.json.size).toBe(1),
  },
  {
    name: `${gw} signs offset 510 → last 10`,
    path: () => signs(gw),
    query: [
      ['offset', '510'],
      ['limit', '500'],
    ],
    status: 200,
    check: (r) => {
      expect(r.json.size).toBe(10);
      expect(r.json.total).toBe(520);
    },
  },
  {
    name: `${gw} signs offset not a number`,
    path: () => signs(gw),
    query: [['offset', 'abc']],
    status: 400,
    code: 'APIG.2012',
  },
  {
    name: `${gw} signs limit not a number`,
    path: () => signs(gw),
    query: [['limit', '1e3']],
    status: 400,
    code: 'APIG.2012',
  },
  {
    name: `${gw} signs unknown instance`,
    path: () => signs(gw, 'f0fa17893b76433ba7879892951c620e'),
    status: 404,
    code: 'APIG.3030',
  },
]);

const otherRows: Row[] = [
  {
    name: 'APIG instances limit 0',
    path: () => ['apig', 'v2', ids.pid, 'apigw', 'instances'],
    query: [['limit', '0']],
    status: 200,
    check: (r) => expect(r.json.size).toBe(r.json.instances.length),
  },
  {
    name: 'ROMA instances',
    path: () => ['roma', 'v2', ids.pid, 'instances'],
    status: 200,
    check: (r) => expect(r.json.total).toBe(r.json.instances.length),
  },
  {
    name: 'unknown project (SWR)',
    path: () => ['swr', 'v2', '0123456789abcdef0123456789abcdef', 'instances'],
    status: 403,
    code: 'SVCSTG.SWR.4030170',
  },
  {
    name: 'unknown project (HSS)',
    path: () => ['hss', 'v5', '0123456789abcdef0123456789abcdef', 'image', 'registries'],
    status: 403,
    code: 'HSS.0010',
  },
  {
    name: 'unknown project (APIG)',
    path: () => ['apig', 'v2', '0123456789abcdef0123456789abcdef', 'apigw', 'instances'],
    status: 403,
    code: 'APIG.1005',
  },
  {
    name: 'route that does not exist',
    path: () => ['swr', 'v2', ids.pid, 'nothing-here'],
    status: 404,
    code: 'APIGW.0101',
  },
];

describe.each([
  ['HSS', hssRows],
  ['APIG/ROMA', gatewayRows],
  ['other', otherRows],
])('%s rules', (_family, rows) => {
  it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    await checkRow(row);
  });
});

describe('errors that name the problem', () => {
  it('APIG uses the seed message format for a missing instance', async () => {
    const res = await get(signs('apig', 'f0fa17893b76433ba7879892951c620e'));
    expect(res.json.error_msg).toMatch(/^The instance does not exist;/);
  });

  it('X-Project-Id that differs from the path project is 403', async () => {
    const res = await get(['swr', 'v2', ids.pid, 'instances'], [], { 'X-Project-Id': ids.otherPid });
    expect(res.status).toBe(403);
    expect(res.json.error_code).toBe('SVCSTG.SWR.4030170');
  });

  it('an unsigned request is 401 APIGW.0301 with the request id in the body', async () => {
    const res = await rawCall(sim.url, 'GET', `/swr/v2/${ids.pid}/instances`);
    expect(res.status).toBe(401);
    expect(res.json.error_code).toBe('APIGW.0301');
    expect(res.json.request_id).toBe(res.headers.get('x-request-id'));
  });
});

describe('X-Request-Id', () => {
  it.each([
    [
      'a broken %-escape in the path',
      'GET',
      '/swr/v2/p/instances/i/namespaces/%zz/signature/policies/3/executions',
      400,
    ],
    ['an unknown path', 'GET', '/nothing', 404],
    ['a method no route serves', 'DELETE', '/swr/v2/p/instances', 404],
    ['the control API', 'GET', '/_sim/info', 200],
    ['an IAM token request that is not JSON', 'POST', '/iam/v3/auth/tokens', 400],
    ['the metadata endpoint', 'GET', '/metadata/openstack/latest/securitykey', 200],
  ] as const)('is on the answer to %s', async (_name, method, path, status) => {
    const res = await rawCall(sim.url, method, path, method === 'POST' ? 'not json' : undefined);
    expect(res.status).toBe(status);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('differs per request', async () => {
    const a = await rawCall(sim.url, 'GET', '/nothing');
    const b = await rawCall(sim.url, 'GET', '/nothing');
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });
});
