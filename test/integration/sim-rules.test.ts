// The parameter rules and errors of every simulated API, as one table: exact status and error code per case.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { rawCall, type SimResponse, signedCall } from './sim-client.js';

let sim: SimulatorHandle;
const ids = {
  pid: '',
  otherPid: '',
  instance: '',
  namespace: '',
  policy: 0,
  execution: 0,
  registry: 0,
  apig: '',
  roma: '',
};

async function get(
  segments: string[],
  query: Array<[string, string]> = [],
  headers?: Record<string, string>,
) {
  const { ak, sk } = sim.credentials;
  return signedCall(sim.url, { segments, query, ak, sk, ...(headers ? { headers } : {}) });
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, scale: { keysPerInstance: 520 } });
  ids.pid = sim.regions[0]?.projectId ?? '';
  ids.otherPid = sim.regions[1]?.projectId ?? '';
  const instances = await get(['swr', 'v2', ids.pid, 'instances']);
  ids.instance = instances.json.instances.find((i: { status: string }) => i.status === 'Running').id;
  const policies = await get(['swr', 'v2', ids.pid, 'instances', ids.instance, 'signature', 'policies']);
  ids.namespace = policies.json.policies[0].namespace_name;
  ids.policy = policies.json.policies[0].id;
  const executions = await get(policyPath('executions'));
  ids.execution = executions.json.executions[0].id;
  const registries = await get(['swr', 'v2', ids.pid, 'instances', ids.instance, 'registries']);
  ids.registry = registries.json.registries[0].id;
  ids.apig = (await get(['apig', 'v2', ids.pid, 'apigw', 'instances'])).json.instances[0].id;
  ids.roma = (await get(['roma', 'v2', ids.pid, 'instances'])).json.instances[0].id;
});

afterAll(async () => {
  await sim.close();
});

function policyPath(...rest: string[]): string[] {
  const base = [
    'swr',
    'v2',
    ids.pid,
    'instances',
    ids.instance,
    'namespaces',
    ids.namespace,
    'signature',
    'policies',
  ];
  return [...base, String(ids.policy), ...rest];
}

const swr = (...rest: string[]) => ['swr', 'v2', ids.pid, 'instances', ids.instance, ...rest];
const hss = () => ['hss', 'v5', ids.pid, 'image', 'registries'];
const signs = (gateway: 'apig' | 'roma', instance = gateway === 'apig' ? ids.apig : ids.roma) =>
  gateway === 'apig'
    ? ['apig', 'v2', ids.pid, 'apigw', 'instances', instance, 'signs']
    : ['roma', 'v2', ids.pid, 'apic', 'instances', instance, 'signs'];

interface Row {
  name: string;
  path: () => string[];
  query?: Array<[string, string]>;
  status: number;
  code?: string;
  check?: (res: SimResponse) => void;
}

const swrRows: Row[] = [
  {
    name: 'SWR policies offset not a multiple of limit',
    path: () => swr('signature', 'policies'),
    query: [
      ['offset', '5'],
      ['limit', '10'],
    ],
    status: 400,
    code: 'SVCSTG.SWR.4000014',
  },
  {
    name: 'SWR policies limit 0',
    path: () => swr('signature', 'policies'),
    query: [['limit', '0']],
    status: 400,
    code: 'SVCSTG.SWR.4000014',
  },
  {
    name: 'SWR policies limit 101',
    path: () => swr('signature', 'policies'),
    query: [['limit', '101']],
    status: 400,
    code: 'SVCSTG.SWR.4000014',
  },
  {
    name: 'SWR policies limit not an integer',
    path: () => swr('signature', 'policies'),
    query: [['limit', 'ten']],
    status: 400,
    code: 'SVCSTG.SWR.4000014',
  },
  {
    name: 'SWR policies offset not an integer',
    path: () => swr('signature', 'policies'),
    query: [['offset', '1.5']],
    status: 400,
    code: 'SVCSTG.SWR.4000014',
  },
  {
    name: 'SWR policies negative offset',
    path: () => swr('signature', 'policies'),
    query: [
      ['offset', '-10'],
      ['limit', '10'],
    ],
    status: 400,
    code: 'SVCSTG.SWR.4000014',
  },
  {
    name: 'SWR policies offset = 2·limit',
    path: () => swr('signature', 'policies'),
    query: [
      ['offset', '4'],
      ['limit', '2'],
    ],
    status: 200,
    check: (r) => expect(r.json.policies).toHaveLength(2),
  },
  {
    name: 'SWR policies limit 100',
    path: () => swr('signature', 'policies'),
    query: [['limit', '100']],
    status: 200,
  },
  {
    name: 'SWR executions offset 3 limit 2',
    path: () => policyPath('executions'),
    query: [
      ['offset', '3'],
      ['limit', '2'],
    ],
    status: 400,
    code: 'SVCSTG.SWR.4000014',
  },
  {
    name: 'SWR executions policy_id not an integer',
    path: () => [...policyPath().slice(0, -1), 'abc', 'executions'],
    status: 400,
    code: 'SVCSTG.SWR.4000014',
  },
  {
    name: 'SWR executions policy_id beyond int32',
    path: () => [...policyPath().slice(0, -1), '99999999999', 'executions'],
    status: 400,
    code: 'SVCSTG.SWR.4000014',
  },
  {
    name: 'SWR executions unknown policy',
    path: () => [...policyPath().slice(0, -1), '987654', 'executions'],
    status: 404,
    code: 'SVCSTG.SWR.4040119',
  },
  {
    name: 'SWR executions unknown instance',
    path: () => [
      'swr',
      'v2',
      ids.pid,
      'instances',
      'no-such-instance',
      'namespaces',
      ids.namespace,
      'signature',
      'policies',
      String(ids.policy),
      'executions',
    ],
    status: 404,
    code: 'SVCSTG.SWR.4040102',
  },
  {
    name: 'SWR executions offset past the end',
    path: () => policyPath('executions'),
    query: [
      ['offset', '1000'],
      ['limit', '100'],
    ],
    status: 200,
    check: (r) => {
      expect(r.json.executions).toEqual([]);
      expect(r.json.total).toBeGreaterThan(0);
    },
  },
  {
    name: 'SWR tasks execution_id not an integer',
    path: () => policyPath('executions', 'x1', 'tasks'),
    status: 400,
    code: 'SVCSTG.SWR.4000014',
  },
  {
    name: 'SWR tasks unknown execution',
    path: () => policyPath('executions', '99999999', 'tasks'),
    status: 404,
    code: 'SVCSTG.SWR.4040120',
  },
  {
    name: 'SWR tasks limit 101',
    path: () => policyPath('executions', String(ids.execution), 'tasks'),
    query: [['limit', '101']],
    status: 400,
    code: 'SVCSTG.SWR.4000014',
  },
  {
    name: 'SWR tasks ok',
    path: () => policyPath('executions', String(ids.execution), 'tasks'),
    status: 200,
    check: (r) => expect(r.json.total).toBe(r.json.tasks.length),
  },
  {
    name: 'SWR registries offset 15 limit 10',
    path: () => swr('registries'),
    query: [
      ['offset', '15'],
      ['limit', '10'],
    ],
    status: 400,
    code: 'SVCSTG.SWR.4000014',
  },
  {
    name: 'SWR registries bad order_type',
    path: () => swr('registries'),
    query: [['order_type', 'up']],
    status: 400,
    code: 'SVCSTG.SWR.4000014',
  },
  {
    name: 'SWR registry id not an integer',
    path: () => swr('registries', 'abc'),
    status: 400,
    code: 'SVCSTG.SWR.4000014',
  },
  {
    name: 'SWR registry id with a fraction',
    path: () => swr('registries', '1.0'),
    status: 400,
    code: 'SVCSTG.SWR.4000014',
  },
  {
    name: 'SWR registry unknown id',
    path: () => swr('registries', '987654'),
    status: 404,
    code: 'SVCSTG.SWR.4040121',
  },
  {
    name: 'SWR registry shown',
    path: () => swr('registries', String(ids.registry)),
    status: 200,
    check: (r) => {
      expect(r.json.id).toBe(ids.registry);
      expect(r.json.credential.access_secret).toBe('*****');
    },
  },
  {
    name: 'SWR ListInstance has no multiple-of-limit rule',
    path: () => ['swr', 'v2', ids.pid, 'instances'],
    query: [
      ['offset', '1'],
      ['limit', '10'],
    ],
    status: 200,
  },
  {
    name: 'SWR ListInstance limit 101',
    path: () => ['swr', 'v2', ids.pid, 'instances'],
    query: [['limit', '101']],
    status: 400,
    code: 'SVCSTG.SWR.4000014',
  },
];

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
  ['SWR', swrRows],
  ['HSS', hssRows],
  ['APIG/ROMA', gatewayRows],
  ['other', otherRows],
])('%s rules', (_family, rows) => {
  it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const res = await get(row.path(), row.query ?? []);
    expect(res.status).toBe(row.status);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    if (row.code !== undefined) {
      expect(res.json.error_code).toBe(row.code);
      expect(res.json.error_msg).toEqual(expect.any(String));
      if (row.code.startsWith('SVCSTG.SWR.')) expect(res.json.errors[0].errorCode).toBe(row.code);
    }
    row.check?.(res);
  });
});

describe('errors that name the problem', () => {
  it('SWR says which rule the offset broke', async () => {
    const res = await get(swr('signature', 'policies'), [
      ['offset', '5'],
      ['limit', '10'],
    ]);
    expect(res.json.error_msg).toContain('offset must be 0 or a multiple of limit');
  });

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

describe('pages add up', () => {
  it('walking SWR policies by limit 2 yields every policy once and the exact total', async () => {
    const first = await get(swr('signature', 'policies'), [['limit', '2']]);
    const total: number = first.json.total;
    const seen: number[] = [];
    for (let offset = 0; offset < total; offset += 2) {
      const page = await get(swr('signature', 'policies'), [
        ['offset', String(offset)],
        ['limit', '2'],
      ]);
      expect(page.json.total).toBe(total);
      seen.push(...page.json.policies.map((p: { id: number }) => p.id));
    }
    expect(new Set(seen).size).toBe(total);
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
