// SWR Enterprise parameter rules and errors as a table: exact status and error code per case.

import { describe, expect, it } from 'vitest';
import { checkRow, get, ids, policyPath, type Row, swr, useRulesSimulator } from './sim-rules-fixture.js';

useRulesSimulator();

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

describe('SWR rules', () => {
  it.each(swrRows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    await checkRow(row);
  });
});

describe('SWR errors that name the problem', () => {
  it('SWR says which rule the offset broke', async () => {
    const res = await get(swr('signature', 'policies'), [
      ['offset', '5'],
      ['limit', '10'],
    ]);
    expect(res.json.error_msg).toContain('offset must be 0 or a multiple of limit');
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
