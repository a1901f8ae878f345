// swr_replication and swr_retention against the simulator, whichever way it lists executions: the same
// series either way, and the latest execution the one a newest-first list puts first (the simulator's
// ground truth, read through the client itself).

import { afterAll, describe, expect, it } from 'vitest';
import {
  LIST_REPLICATION_EXECUTIONS,
  LIST_REPLICATION_POLICIES,
} from '../../src/huaweicloud/operations/swr-replication.js';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { find, value } from '../unit/collectors-exposition.js';
import { engineOnSimulator, type SimEngine } from './collectors-sim.js';

// Near the wall clock: the simulator refuses signatures more than 15 minutes off, as Huawei does.
const T0 = Date.now();
const SETTINGS = { collectors: { swr_replication: { enabled: true }, swr_retention: { enabled: true } } };

const sims: SimulatorHandle[] = [];
const engines: SimEngine[] = [];
afterAll(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function scraped(executionOrder: 'newest_first' | 'oldest_first') {
  // The clock is frozen, so both worlds are the same estate at the same moment.
  const sim = await startSimulator({ seed: 7, executionOrder, now: () => T0, quotas: {} });
  sims.push(sim);
  const created = await engineOnSimulator(sim, { settings: SETTINGS, now: () => T0 });
  engines.push(created);
  return { created, text: await created.engine.scrape({ timeoutSeconds: 20 }) };
}

const executionSeries = (text: string) =>
  text
    .split('\n')
    .filter((l) => /^huaweicloud_swr_(replication|retention)_/.test(l))
    .join('\n');

describe('replication and retention collectors on the simulator', () => {
  it('give the same series for newest-first and oldest-first lists, with the right latest execution', async () => {
    const newest = await scraped('newest_first');
    const oldest = await scraped('oldest_first');
    for (const collector of ['swr_replication', 'swr_retention']) {
      const success = find(newest.text, 'huaweicloud_collector_success', { collector });
      expect(success.length, collector).toBeGreaterThan(0);
      expect(
        success.every((s) => s.value === 1),
        collector,
      ).toBe(true);
    }
    expect(find(oldest.text, 'huaweicloud_swr_retention_last_execution_status').length).toBeGreaterThan(0);
    expect(executionSeries(oldest.text)).toBe(executionSeries(newest.text));

    const api = newest.created.clients[0];
    if (api === undefined) throw new Error('no client');
    const instances = await api.swr.listInstances({ status: 'Running' });
    let checked = 0;
    for (const instance of instances.items) {
      const policies = await api.run(LIST_REPLICATION_POLICIES, { instanceId: instance.id }, {});
      for (const policy of policies.items) {
        const page = { offset: 0, limit: 1 };
        const head = await api.run(
          LIST_REPLICATION_EXECUTIONS,
          { instanceId: instance.id, policyId: policy.id, page },
          {},
        );
        const latest = head.items[0];
        if (latest === undefined) continue;
        const labels = { region: api.region, instance_id: instance.id, policy_id: String(policy.id) };
        const status = { ...labels, status: latest.status };
        expect(value(oldest.text, 'huaweicloud_swr_replication_last_execution_status', status)).toBe(1);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  }, 60_000);
});
