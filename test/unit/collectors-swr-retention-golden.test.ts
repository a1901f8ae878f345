// swr_retention's golden exposition: a fixed estate (two namespaces, a dry run, an unknown task status, a
// policy that never ran, more executions than one page) gives exactly
// test/golden/swr-retention-exposition.prom, whichever order the executions list in. UPDATE_GOLDEN=1 rewrites
// the file.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import {
  LIST_RETENTION_EXEC_TASKS,
  LIST_RETENTION_EXECUTIONS,
  LIST_RETENTION_POLICIES,
} from '../../src/huaweicloud/operations/swr-retention.js';
import type {
  SwrRetentionExecution,
  SwrRetentionPolicy,
  SwrRetentionTask,
} from '../../src/huaweicloud/schemas/swr-retention.js';
import { emptyEstate, FakeClock, FakeRegionApi, swrInstance } from './collectors-fake-api.js';

const GOLDEN = new URL('../golden/swr-retention-exposition.prom', import.meta.url);
const T = Date.UTC(2026, 0, 10, 3, 0, 0);

function policy(id: number, namespace: string, extra: Partial<SwrRetentionPolicy> = {}): SwrRetentionPolicy {
  const base = { id, name: `clean-${id}`, namespace_name: namespace, enabled: true };
  return { ...base, namespace_id: undefined, trigger_type: 'scheduled', ...extra };
}

function execution(id: number, extra: Partial<SwrRetentionExecution> = {}): SwrRetentionExecution {
  return {
    id,
    status: 'Succeed',
    policy_id: undefined,
    dry_run: false,
    trigger: 'scheduled',
    start_time: new Date(T + id * 60_000),
    end_time: new Date(T + id * 60_000 + 45_000),
    ...extra,
  };
}

function task(
  id: number,
  repository: string,
  status = 'Succeed',
  total = 10,
  retained = 4,
): SwrRetentionTask {
  const times = { start_time: null, end_time: null };
  return { id, status, repository, total, retained, ...times };
}

const POLICIES: SwrRetentionPolicy[] = [
  policy(2, 'web', { name: 'keep "latest" 5', trigger_type: 'manual' }),
  policy(1, 'base'),
  policy(3, 'web', { enabled: false, trigger_type: undefined }),
];

const EXECUTIONS: Record<string, SwrRetentionExecution[]> = {
  // 119 succeeded as a dry run: no clean-up, so the last success is 118's.
  'base/1': Array.from({ length: 120 }, (_, i) =>
    i === 119
      ? execution(120, { status: 'Failed' })
      : i === 118
        ? execution(119, { dry_run: true })
        : execution(i + 1),
  ),
  'web/2': [execution(7, { status: 'InProgress', dry_run: true, end_time: null })],
  // Disabled since a run was queued: Pending with an end_time SWR may send; no end until it is final.
  'web/3': [execution(8, { status: 'Pending' })],
};

const TASKS: Record<string, SwrRetentionTask[]> = {
  'base/1/120': [
    task(1, 'base/alpine'),
    task(2, 'base/debian', 'Failed', 8, 8),
    task(3, 'base/odd', 'Weird', 1, 1),
  ],
  'web/2/7': [task(1, 'web/app', 'InProgress', 20, 0), task(2, 'web/api', 'Pending', 0, 0)],
};

function north(order: 'newest-first' | 'oldest-first'): FakeRegionApi {
  const estate = emptyEstate();
  estate.swrInstances = [swrInstance('ins-a')];
  const api = new FakeRegionApi('cn-north-4', estate);
  api.handle(LIST_RETENTION_POLICIES, () => ({ items: POLICIES, total: POLICIES.length }));
  api.handle(LIST_RETENTION_EXECUTIONS, ({ ref, page }) => {
    const all = [...(EXECUTIONS[`${ref.namespace}/${ref.policyId}`] ?? [])].sort((a, b) =>
      order === 'newest-first' ? b.id - a.id : a.id - b.id,
    );
    return { items: all.slice(page.offset, page.offset + page.limit), total: all.length, received: 0 };
  });
  api.handle(LIST_RETENTION_EXEC_TASKS, ({ ref, executionId }) => {
    const items = TASKS[`${ref.namespace}/${ref.policyId}/${executionId}`] ?? [];
    return { items, total: items.length };
  });
  return api;
}

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

async function scrape(order: 'newest-first' | 'oldest-first'): Promise<string> {
  const engine = new Engine({
    targets: [{ region: 'cn-north-4', api: north(order), apig: [] }],
    settings: {
      collectors: {
        swr_retention: { enabled: true },
        swr_signing: { enabled: false },
        swr_registries: { enabled: false },
        hss_registries: { enabled: false },
        apig_signature_keys: { enabled: false },
      },
    },
    now: new FakeClock().now,
  });
  engines.push(engine);
  const text = await engine.scrape({});
  return text
    .split('\n')
    .filter((l) => /^(# (HELP|TYPE) )?huaweicloud_swr_retention_/.test(l))
    .join('\n')
    .concat('\n');
}

describe('swr_retention golden exposition', () => {
  it('a fixed estate gives exactly the committed exposition', async () => {
    const text = await scrape('newest-first');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, text);
    expect(existsSync(GOLDEN), 'golden file missing: run with UPDATE_GOLDEN=1 once').toBe(true);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('finds the same latest execution when the list runs oldest first', async () => {
    const newest = await scrape('newest-first');
    expect(await scrape('oldest-first')).toBe(newest);
    const labels = 'region="cn-north-4",instance_id="ins-a",namespace="base",policy_id="1"';
    expect(newest).toContain(`huaweicloud_swr_retention_last_execution_status{${labels},status="Failed"} 1`);
    expect(newest).toContain(`huaweicloud_swr_retention_last_execution_tasks{${labels},result="failed"} 1`);
    expect(newest).toContain(`huaweicloud_swr_retention_last_execution_tags{${labels},count="retained"} 13`);
    expect(newest).toContain(`huaweicloud_swr_retention_executions{${labels}} 120`);
    // 118's end (T + 118 min + 45 s), not the dry run 119's.
    const lastSuccess = (T + 118 * 60_000 + 45_000) / 1000;
    expect(newest).toContain(
      `huaweicloud_swr_retention_last_success_timestamp_seconds{${labels}} ${lastSuccess}`,
    );
  });

  it('gives no end time to a latest execution that has not finished (Pending, InProgress)', async () => {
    const text = await scrape('newest-first');
    expect(text).toContain(
      'last_execution_status{region="cn-north-4",instance_id="ins-a",namespace="web",policy_id="3",status="Pending"} 1',
    );
    expect(text).not.toMatch(/retention_last_execution_end_timestamp_seconds\{[^}]*namespace="web"/);
  });
});
