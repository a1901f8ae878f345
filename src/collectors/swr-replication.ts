// swr_replication: SWR Enterprise image replication policies of every polled instance, the latest execution
// of each (found at either end of the list, as for signing: swr-signing/executions.ts) and that execution's
// tasks per repository (capped and cached as signing's: swr-signing/tasks.ts). Families parallel signing's,
// without an execution id as a label (docs/apis/swr-replication.md).

import type { Listed } from '../huaweicloud/api.js';
import { LIST_INSTANCE } from '../huaweicloud/operations/swr.js';
import {
  LIST_REPLICATION_EXEC_TASKS,
  LIST_REPLICATION_EXECUTIONS,
  LIST_REPLICATION_POLICIES,
} from '../huaweicloud/operations/swr-replication.js';
import type {
  SwrReplicationExecution,
  SwrReplicationPolicy,
  SwrReplicationTask,
} from '../huaweicloud/schemas/swr-replication.js';
import { LruCache } from './cache.js';
import { gauge } from './catalog.js';
import { visible } from './check-reads.js';
import { forEachLimited, yieldToEventLoop } from './concurrency.js';
import type { CollectContext, Collector, CollectorDeps } from './contract.js';
import { defineCollector } from './descriptor.js';
import type { InstanceLookup } from './discovery.js';
import { isNotFound, skipUnlessConfigured } from './failures.js';
import { writeInstanceStatuses } from './instance-status.js';
import { booleanLabel, optionalLabel } from './labels.js';
import { LabelPrefix, type SeriesWriter, toUnixSeconds } from './render.js';
import {
  collectsSwr,
  firstSwrInstance,
  NO_SWR_INSTANCE,
  narrowSwr,
  SWR_INSTANCE_FAMILIES,
  SWR_INSTANCE_STATUS_WRITER,
  sharedSwrInstances,
  swrShardList,
  swrTarget,
} from './swr-instances.js';
import { SWR_SECTION } from './swr-section.js';
import {
  executionEnd,
  FINISHED_EXECUTION_STATUSES,
  type LatestExecutions,
  readLatestExecution,
} from './swr-signing/executions.js';
import { KNOWN_EXECUTION_STATUSES } from './swr-signing/families.js';
import { SWR_SIGNING_DEFAULTS } from './swr-signing/settings.js';
import { NO_TASKS, type RenderedTasks, renderTaskGroups } from './swr-signing/tasks.js';

const POLICY = ['region', 'instance_id', 'policy_id'] as const;
const EXECUTIONS_API = 'ListInstanceReplicationPolicyExecutions';
/** The execution's task counts, in the order of the lastExecutionTasks series. */
const TASK_COUNTS = ['total', 'succeed', 'failed', 'in_progress', 'stopped'] as const;
/** Signing's caps: the same cost per policy, the same reasons (swr-signing/settings.ts). */
const { maxTasksPerPolicy, maxTasksFetched, executionsPageSize, taskCacheEntries } = SWR_SIGNING_DEFAULTS;

const F = {
  policyInfo: gauge(
    'huaweicloud_swr_replication_policy_info',
    [...POLICY, 'policy_name', 'enabled', 'trigger', 'direction', 'registry_id'],
    'SWR Enterprise replication policy, always 1; direction push (dest_registry) or pull (src_registry), registry_id the remote registry (joins huaweicloud_swr_registry_*), both empty when SWR sends neither (ListInstanceReplicationPolicies).',
  ),
  executions: gauge(
    'huaweicloud_swr_replication_executions',
    POLICY,
    `Executions recorded for the replication policy: the total reported by ${EXECUTIONS_API}.`,
  ),
  lastExecutionStatus: gauge(
    'huaweicloud_swr_replication_last_execution_status',
    [...POLICY, 'status'],
    `State set of the latest execution's status (highest id at either end of the list): 1 for the current status, 0 for the other known ones (InProgress, Succeed, Failed, Stopped); an unknown status is its own value (${EXECUTIONS_API}).`,
  ),
  lastExecutionTasks: gauge(
    'huaweicloud_swr_replication_last_execution_tasks',
    [...POLICY, 'result'],
    `Task counters of the latest execution by result: total, succeed, failed, in_progress, stopped (${EXECUTIONS_API}).`,
  ),
  lastExecutionStart: gauge(
    'huaweicloud_swr_replication_last_execution_start_timestamp_seconds',
    POLICY,
    `Start time of the latest execution, its created_at, in unix seconds (${EXECUTIONS_API}).`,
  ),
  lastExecutionEnd: gauge(
    'huaweicloud_swr_replication_last_execution_end_timestamp_seconds',
    POLICY,
    `End time of the latest execution, its updated_at once it is final (Succeed, Failed, Stopped), in unix seconds (${EXECUTIONS_API}).`,
  ),
  lastSuccess: gauge(
    'huaweicloud_swr_replication_last_success_timestamp_seconds',
    POLICY,
    `End time of the newest Succeed execution the exporter has seen for the policy, in unix seconds (${EXECUTIONS_API}).`,
  ),
  taskStatus: gauge(
    'huaweicloud_swr_replication_task_status',
    [...POLICY, 'repository', 'status'],
    'Tasks of the latest execution per source repository and task status, normally 1; failures are kept first when the per-policy cap applies (ListInstanceReplicationPolicyExecTasks).',
  ),
  taskStatusOmitted: gauge(
    'huaweicloud_swr_replication_task_status_omitted',
    POLICY,
    'Tasks of the latest execution left out of huaweicloud_swr_replication_task_status by the per-policy cap (ListInstanceReplicationPolicyExecTasks).',
  ),
} as const;

interface Reading {
  instanceId: string;
  policy: SwrReplicationPolicy;
  ends: LatestExecutions<SwrReplicationExecution>;
  tasks: RenderedTasks;
}

const policyKey = (instanceId: string, policyId: number) => `${instanceId}\u0000${policyId}`;

class SwrReplicationCollector implements Collector {
  readonly name = 'swr_replication' as const;
  readonly region: string;
  readonly #deps: CollectorDeps;
  readonly #instances: InstanceLookup;
  readonly #reportInstances: boolean;
  /** Tasks of finished executions never change: read once, keyed by instance and execution. */
  readonly #finishedTasks = new LruCache<string, RenderedTasks>(taskCacheEntries);
  /** Newest succeeded execution seen per policy, kept across runs because it scrolls out of the pages read. */
  readonly #lastSuccess = new Map<string, { id: number; at: Date }>();

  constructor(deps: CollectorDeps, instances: InstanceLookup, reportInstances: boolean) {
    this.region = deps.region;
    this.#deps = deps;
    this.#instances = instances;
    this.#reportInstances = reportInstances;
  }

  async collect({ signal, out }: CollectContext): Promise<void> {
    const { limiter, workers, api, logger } = this.#deps;
    const list = await this.#instances.get(signal);
    if (this.#reportInstances) {
      writeInstanceStatuses(out, logger, list, {
        family: SWR_INSTANCE_FAMILIES.status,
        leading: [this.region],
        skipped: 'replication policies',
      });
    }
    const listed: Array<{ instanceId: string; policy: SwrReplicationPolicy }> = [];
    await forEachLimited(list.polled, limiter, workers, signal, async (instanceId, itemSignal) => {
      try {
        const policies = await api.run(LIST_REPLICATION_POLICIES, { instanceId }, { signal: itemSignal });
        for (const policy of policies.items) listed.push({ instanceId, policy });
      } catch (error) {
        skipUnlessConfigured(error, list, `SWR instance ${instanceId}`);
        this.#instances.invalidate();
        logger.warn({ region: this.region, instance_id: instanceId }, 'SWR instance not found; skipping it');
      }
    });
    const readings: Reading[] = [];
    await forEachLimited(listed, limiter, workers, signal, async ({ instanceId, policy }, itemSignal) => {
      const reading = await this.#readPolicy(instanceId, policy, itemSignal);
      if (reading !== undefined) readings.push(reading);
    });
    readings.sort((a, b) =>
      a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : a.policy.id - b.policy.id,
    );
    for (const reading of readings) {
      await yieldToEventLoop();
      this.#write(out, reading);
    }
    const present = new Set(readings.map((r) => policyKey(r.instanceId, r.policy.id)));
    for (const key of this.#lastSuccess.keys()) if (!present.has(key)) this.#lastSuccess.delete(key);
  }

  async #readPolicy(instanceId: string, policy: SwrReplicationPolicy, signal: AbortSignal) {
    const { api } = this.#deps;
    let ends: LatestExecutions<SwrReplicationExecution>;
    try {
      ends = await readLatestExecution(
        (page, pageSignal) =>
          api.run(
            LIST_REPLICATION_EXECUTIONS,
            { instanceId, policyId: policy.id, page },
            { signal: pageSignal },
          ),
        executionsPageSize,
        signal,
      );
    } catch (error) {
      if (isNotFound(error)) return undefined; // deleted since it was listed
      throw error;
    }
    this.#rememberSuccess(policyKey(instanceId, policy.id), ends.latestSucceeded);
    const tasks =
      ends.latest === undefined ? NO_TASKS : await this.#tasksOf(instanceId, policy, ends.latest, signal);
    return { instanceId, policy, ends, tasks };
  }

  async #tasksOf(
    instanceId: string,
    policy: SwrReplicationPolicy,
    execution: SwrReplicationExecution,
    signal: AbortSignal,
  ): Promise<RenderedTasks> {
    const finished = FINISHED_EXECUTION_STATUSES.has(execution.status);
    if (finished && execution.total === 0) return NO_TASKS;
    const key = `${instanceId}\u0000${execution.id}`;
    const cached = finished ? this.#finishedTasks.get(key) : undefined;
    if (cached !== undefined) return cached;
    let listed: Listed<SwrReplicationTask>;
    try {
      listed = await this.#deps.api.run(
        LIST_REPLICATION_EXEC_TASKS,
        { instanceId, executionId: execution.id },
        { maxItems: maxTasksFetched, signal },
      );
    } catch (error) {
      if (isNotFound(error)) return NO_TASKS;
      throw error;
    }
    const rendered = renderTaskGroups(
      F.taskStatus,
      this.#labels(instanceId, policy.id),
      listed,
      maxTasksPerPolicy,
    );
    if (finished) this.#finishedTasks.set(key, rendered);
    return rendered;
  }

  #rememberSuccess(key: string, execution: SwrReplicationExecution | undefined): void {
    if (execution === undefined) return;
    const at = executionEnd(execution);
    const known = this.#lastSuccess.get(key);
    if (at !== null && (known === undefined || execution.id > known.id)) {
      this.#lastSuccess.set(key, { id: execution.id, at });
    }
  }

  #labels(instanceId: string, policyId: number): LabelPrefix {
    return new LabelPrefix(POLICY, [this.region, instanceId, String(policyId)]);
  }

  #write(out: SeriesWriter, { instanceId, policy, ends, tasks }: Reading): void {
    const labels = this.#labels(instanceId, policy.id);
    const none: readonly string[] = [];
    const pull = policy.src_registry_id;
    const push = policy.dest_registry_id;
    const [direction, registry] =
      push !== undefined ? ['push', push] : pull !== undefined ? ['pull', pull] : ['', undefined];
    out.addPrefixed(
      F.policyInfo,
      labels,
      [
        policy.name,
        booleanLabel(policy.enabled),
        optionalLabel(policy.trigger_type),
        direction,
        registry === undefined ? '' : String(registry),
      ],
      1,
    );
    out.addPrefixed(F.executions, labels, none, ends.total);
    const success = this.#lastSuccess.get(policyKey(instanceId, policy.id));
    if (success !== undefined) out.addPrefixed(F.lastSuccess, labels, none, toUnixSeconds(success.at));
    const latest = ends.latest;
    if (latest === undefined) return;
    for (const status of KNOWN_EXECUTION_STATUSES) {
      out.addPrefixed(F.lastExecutionStatus, labels, [status], status === latest.status ? 1 : 0);
    }
    if (!(KNOWN_EXECUTION_STATUSES as readonly string[]).includes(latest.status)) {
      out.addPrefixed(F.lastExecutionStatus, labels, [latest.status], 1);
    }
    // A count that could not be read is absent: its series is omitted, the execution's others stay.
    for (const result of TASK_COUNTS) {
      const count = latest[result];
      if (count !== undefined) out.addPrefixed(F.lastExecutionTasks, labels, [result], count);
    }
    if (latest.created_at !== null) {
      out.addPrefixed(F.lastExecutionStart, labels, none, toUnixSeconds(latest.created_at));
    }
    // Only a final status has ended: Pending (queued) or an unknown status may carry a time already.
    if (latest.updated_at !== null && FINISHED_EXECUTION_STATUSES.has(latest.status)) {
      out.addPrefixed(F.lastExecutionEnd, labels, none, toUnixSeconds(latest.updated_at));
    }
    out.addRendered(F.taskStatus, tasks.lines, tasks.samples);
    out.addPrefixed(F.taskStatusOmitted, labels, none, tasks.omitted);
  }
}

export const swrReplication = defineCollector({
  name: 'swr_replication',
  summary: 'SWR Enterprise image replication policies, their latest execution and its tasks',
  // Off until asked for: it needs IAM actions (swr:instance:listReplication*) that a least-privilege policy
  // written for an earlier release lacks, and an upgrade must not turn such a setup's collector_success to 0.
  // Executions move within minutes, as signing's.
  defaults: { enabled: false, ttlSeconds: 30, maxAgeSeconds: 600, maxSeries: 500_000 },
  families: [...Object.values(SWR_INSTANCE_FAMILIES), ...Object.values(F)],
  operations: [
    LIST_INSTANCE,
    LIST_REPLICATION_POLICIES,
    LIST_REPLICATION_EXECUTIONS,
    LIST_REPLICATION_EXEC_TASKS,
  ],
  section: SWR_SECTION,
  collectsIn: collectsSwr,
  // Chained as the collector reads: a missing earlier permission leaves the later rows SKIP.
  async check(reads) {
    const { api, signal } = reads;
    const instanceId = await firstSwrInstance(reads);
    let policyId: number | undefined;
    if (instanceId === undefined) reads.skip(LIST_REPLICATION_POLICIES, NO_SWR_INSTANCE);
    else {
      await reads.step(LIST_REPLICATION_POLICIES, async () => {
        const listed = await api.run(LIST_REPLICATION_POLICIES, { instanceId }, { maxItems: 1, signal });
        policyId = listed.items[0]?.id;
        return visible(listed.total, 'replication polic(ies)');
      });
    }
    if (instanceId === undefined || policyId === undefined) {
      reads.skip(LIST_REPLICATION_EXECUTIONS, 'no replication policy to read from');
      return;
    }
    const page = { offset: 0, limit: 1 };
    let executionId: number | undefined;
    await reads.step(LIST_REPLICATION_EXECUTIONS, async () => {
      const listed = await api.run(LIST_REPLICATION_EXECUTIONS, { instanceId, policyId, page }, { signal });
      executionId = listed.items[0]?.id;
      return visible(listed.total ?? listed.items.length, 'execution(s) of the first policy');
    });
    const id = executionId;
    if (id === undefined) reads.skip(LIST_REPLICATION_EXEC_TASKS, 'no execution to read from');
    else {
      await reads.step(LIST_REPLICATION_EXEC_TASKS, async () => {
        const tasks = await api.run(
          LIST_REPLICATION_EXEC_TASKS,
          { instanceId, executionId: id },
          { maxItems: 1, signal },
        );
        return visible(tasks.total, 'task(s) of its latest execution');
      });
    }
  },
  probe: {
    form: { by: 'instance', instance: 'SWR instance id' },
    lists: (ctx) => [swrShardList(ctx, undefined)],
    narrow: (target, shard, refuse) => narrowSwr(target, shard, refuse),
  },
  build(ctx) {
    const swr = swrTarget(ctx);
    return new SwrReplicationCollector(
      ctx.deps,
      sharedSwrInstances(ctx, swr),
      ctx.claim(SWR_INSTANCE_STATUS_WRITER),
    );
  },
});
