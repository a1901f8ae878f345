// swr_replication's golden exposition: a fixed estate (a push and a pull policy, one SWR sends neither
// registry for, one that never ran, an unknown status, more executions than one page, a task list past the
// cap) gives exactly test/golden/swr-replication-exposition.prom, whichever order the executions list in.
// UPDATE_GOLDEN=1 rewrites the file.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import {
  LIST_REPLICATION_EXEC_TASKS,
  LIST_REPLICATION_EXECUTIONS,
  LIST_REPLICATION_POLICIES,
} from '../../src/huaweicloud/operations/swr-replication.js';
import type {
  SwrReplicationExecution,
  SwrReplicationPolicy,
  SwrReplicationTask,
} from '../../src/huaweicloud/schemas/swr-replication.js';
import { emptyEstate, FakeClock, FakeRegionApi, swrInstance } from './collectors-fake-api.js';

const GOLDEN = new URL('../golden/swr-replication-exposition.prom', import.meta.url);
const T = Date.UTC(2026, 0, 10, 3, 0, 0);

function policy(id: number, extra: Partial<SwrReplicationPolicy> = {}): SwrReplicationPolicy {
  const base = { id, name: `repl-${id}`, enabled: true, trigger_type: 'scheduled' };
  return { ...base, src_registry_id: undefined, dest_registry_id: 1, ...extra };
}

function execution(id: number, extra: Partial<SwrReplicationExecution> = {}): SwrReplicationExecution {
  return {
    id,
    status: 'Succeed',
    policy_id: undefined,
    trigger: 'scheduled',
    total: 2,
    succeed: 2,
    failed: 0,
    in_progress: 0,
    stopped: 0,
    created_at: new Date(T + id * 60_000),
    updated_at: new Date(T + id * 60_000 + 30_000),
    ...extra,
  };
}

function task(id: number, repository: string, status = 'Succeed'): SwrReplicationTask {
  return { id, status, repository, start_time: null, end_time: null };
}

const POLICIES: Record<string, SwrReplicationPolicy[]> = {
  'ins-a': [
    policy(3, {
      name: 'pull "mirror"',
      src_registry_id: 7,
      dest_registry_id: undefined,
      trigger_type: 'manual',
    }),
    policy(1),
    policy(2, { enabled: false, dest_registry_id: undefined, trigger_type: undefined }),
  ],
  'ins-b': [policy(5, { trigger_type: 'event_based' })],
};

// 130 executions of policy 1: the latest (130) Failed, the newest success 128; policy 3 never ran.
const EXECUTIONS: Record<string, SwrReplicationExecution[]> = {
  'ins-a/1': Array.from({ length: 130 }, (_, i) =>
    i === 129
      ? execution(130, { status: 'Failed', total: 60, succeed: 57, failed: 3 })
      : execution(i + 1, { status: i === 128 ? 'Stopped' : 'Succeed' }),
  ),
  'ins-a/2': [execution(4, { status: 'InProgress', succeed: 1, in_progress: 1, updated_at: new Date(T) })],
  'ins-a/3': [],
  'ins-b/5': [execution(9, { status: 'Pending', total: undefined })],
};

const TASKS: Record<string, SwrReplicationTask[]> = {
  'ins-a/130': [
    ...Array.from({ length: 57 }, (_, i) => task(i + 1, `lib/app-${String(i).padStart(2, '0')}`)),
    task(58, 'lib/broken', 'Failed'),
    task(59, 'lib/broken', 'Failed'),
    task(60, 'lib/"odd"', 'Failed'),
  ],
  'ins-a/4': [task(1, 'team/a', 'InProgress'), task(2, 'team/b')],
  'ins-b/9': [],
};

function north(order: 'newest-first' | 'oldest-first'): FakeRegionApi {
  const estate = emptyEstate();
  estate.swrInstances = [swrInstance('ins-b'), swrInstance('ins-a'), swrInstance('ins-off', 'Creating')];
  const api = new FakeRegionApi('cn-north-4', estate);
  api.handle(LIST_REPLICATION_POLICIES, ({ instanceId }) => {
    const items = POLICIES[instanceId] ?? [];
    return { items, total: items.length };
  });
  api.handle(LIST_REPLICATION_EXECUTIONS, ({ instanceId, policyId, page }) => {
    const all = [...(EXECUTIONS[`${instanceId}/${policyId}`] ?? [])].sort((a, b) =>
      order === 'newest-first' ? b.id - a.id : a.id - b.id,
    );
    return { items: all.slice(page.offset, page.offset + page.limit), total: all.length, received: 0 };
  });
  api.handle(LIST_REPLICATION_EXEC_TASKS, ({ instanceId, executionId }) => {
    const items = TASKS[`${instanceId}/${executionId}`] ?? [];
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
        swr_replication: { enabled: true },
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
    .filter((l) => /^(# (HELP|TYPE) )?huaweicloud_swr_(replication|instance)_/.test(l))
    .join('\n')
    .concat('\n');
}

describe('swr_replication golden exposition', () => {
  it('a fixed estate gives exactly the committed exposition', async () => {
    const text = await scrape('newest-first');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, text);
    expect(existsSync(GOLDEN), 'golden file missing: run with UPDATE_GOLDEN=1 once').toBe(true);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('finds the same latest execution when the list runs oldest first', async () => {
    const newest = await scrape('newest-first');
    expect(await scrape('oldest-first')).toBe(newest);
    const labels = 'region="cn-north-4",instance_id="ins-a",policy_id="1"';
    expect(newest).toContain(
      `huaweicloud_swr_replication_last_execution_status{${labels},status="Failed"} 1`,
    );
    expect(newest).toContain(`huaweicloud_swr_replication_last_execution_tasks{${labels},result="failed"} 3`);
    expect(newest).toContain(`huaweicloud_swr_replication_executions{${labels}} 130`);
    // The newest success is 128 (129 Stopped, 130 Failed): its updated_at.
    const success = (T + 128 * 60_000 + 30_000) / 1000;
    expect(newest).toContain(
      `huaweicloud_swr_replication_last_success_timestamp_seconds{${labels}} ${success}`,
    );
  });

  it('gives no end time to a latest execution that has not finished (Pending, InProgress)', async () => {
    const text = await scrape('newest-first');
    expect(text).toContain(
      'last_execution_status{region="cn-north-4",instance_id="ins-b",policy_id="5",status="Pending"} 1',
    );
    expect(text).not.toMatch(/replication_last_execution_end_timestamp_seconds\{[^}]*instance_id="ins-b"/);
  });
});
