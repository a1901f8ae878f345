// Shared set-up of the rule-table tests (sim-rules*.test.ts): one simulator, the ids of real objects in its
// estate, path builders, and the check every table row goes through.

import { afterAll, beforeAll, expect } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { type SimResponse, signedCall } from './sim-client.js';

export let sim: SimulatorHandle;
export const ids = {
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

export async function get(
  segments: string[],
  query: Array<[string, string]> = [],
  headers?: Record<string, string>,
) {
  const { ak, sk } = sim.credentials;
  return signedCall(sim.url, { segments, query, ak, sk, ...(headers ? { headers } : {}) });
}

export function useRulesSimulator(): void {
  beforeAll(async () => {
    // These tests are about parameter rules; flow control has its own (sim-quotas.test.ts).
    sim = await startSimulator({ seed: 11, scale: { keysPerInstance: 520 }, quotas: {} });
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
}

export function policyPath(...rest: string[]): string[] {
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

export const swr = (...rest: string[]) => ['swr', 'v2', ids.pid, 'instances', ids.instance, ...rest];
export const hss = () => ['hss', 'v5', ids.pid, 'image', 'registries'];
export const signs = (gateway: 'apig' | 'roma', instance = gateway === 'apig' ? ids.apig : ids.roma) =>
  gateway === 'apig'
    ? ['apig', 'v2', ids.pid, 'apigw', 'instances', instance, 'signs']
    : ['roma', 'v2', ids.pid, 'apic', 'instances', instance, 'signs'];

export interface Row {
  name: string;
  path: () => string[];
  query?: Array<[string, string]>;
  status: number;
  code?: string;
  check?: (res: SimResponse) => void;
}

/** Sends the row's request and checks status, error code (both SWR formats) and X-Request-Id. */
export async function checkRow(row: Row): Promise<void> {
  const res = await get(row.path(), row.query ?? []);
  expect(res.status).toBe(row.status);
  expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  if (row.code !== undefined) {
    expect(res.json.error_code).toBe(row.code);
    expect(res.json.error_msg).toEqual(expect.any(String));
    if (row.code.startsWith('SVCSTG.SWR.')) expect(res.json.errors[0].errorCode).toBe(row.code);
  }
  row.check?.(res);
}
