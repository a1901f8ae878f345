// swr_retention: SWR Enterprise image retention (clean-up) policies of every polled instance, the latest
// execution of each (found at either end of the list: swr-signing/executions.ts) and that execution's tasks:
// counted by result and tags looked at/kept (SWR reports no counts on a retention execution), and listed per
// repository under signing's cap (swr-signing/tasks.ts). Labels as replication's, plus the namespace a
// retention policy belongs to (docs/apis/swr-replication.md).

import type { Listed } from '../huaweicloud/api.js';
import { LIST_INSTANCE } from '../huaweicloud/operations/swr.js';
import {
  LIST_RETENTION_EXEC_TASKS,
  LIST_RETENTION_EXECUTIONS,
  LIST_RETENTION_POLICIES,
  type RetentionRef,
} from '../huaweicloud/operations/swr-retention.js';
import type {
  SwrRetentionExecution,
  SwrRetentionPolicy,
  SwrRetentionTask,
} from '../huaweicloud/schemas/swr-retention.js';
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
  FINISHED_EXECUTION_STATUSES,
  type LatestExecutions,
  readLatestExecution,
} from './swr-signing/executions.js';
import { KNOWN_EXECUTION_STATUSES } from './swr-signing/families.js';
import { SWR_SIGNING_DEFAULTS } from './swr-signing/settings.js';
import { NO_TASKS, type RenderedTasks, renderTaskGroups } from './swr-signing/tasks.js';

const POLICY = ['region', 'instance_id', 'namespace', 'policy_id'] as const;
const EXECUTIONS_API = 'ListInstanceRetentionPolicyExecutions';
const TASKS_API = 'ListInstanceRetentionPolicyExecTasks';
/** Signing's caps: the same cost per policy, the same reasons (swr-signing/settings.ts). */
const { maxTasksPerPolicy, maxTasksFetched, executionsPageSize, taskCacheEntries } = SWR_SIGNING_DEFAULTS;
/** Task statuses by result (the documented ones); any other counts in total only. */
const RESULT_OF: Record<string, 'succeed' | 'failed' | 'in_progress' | 'stopped'> = {
  Succeed: 'succeed',
  Failed: 'failed',
  Initialized: 'in_progress',
  Pending: 'in_progress',
  InProgress: 'in_progress',
  Stopped: 'stopped',
};

const F = {
  policyInfo: gauge(
    'huaweicloud_swr_retention_policy_info',
    [...POLICY, 'policy_name', 'enabled', 'trigger'],
    'SWR Enterprise image retention (clean-up) policy, always 1; labels carry its name, enabled flag and trigger type (ListInstanceRetentionPolicies).',
  ),
  executions: gauge(
    'huaweicloud_swr_retention_executions',
    POLICY,
    `Executions recorded for the retention policy: the total reported by ${EXECUTIONS_API}.`,
  ),
  lastExecutionStatus: gauge(
    'huaweicloud_swr_retention_last_execution_status',
    [...POLICY, 'status'],
    `State set of the latest execution's status (highest id at either end of the list): 1 for the current status, 0 for the other known ones (InProgress, Succeed, Failed, Stopped); an unknown status is its own value (${EXECUTIONS_API}).`,
  ),
  lastExecutionDryRun: gauge(
    'huaweicloud_swr_retention_last_execution_dry_run',
    POLICY,
    `1 when the latest execution was a dry run (nothing deleted), else 0 (${EXECUTIONS_API}).`,
  ),
  lastExecutionTasks: gauge(
    'huaweicloud_swr_retention_last_execution_tasks',
    [...POLICY, 'result'],
    `Tasks of the latest execution by result, counted from ${TASKS_API}: total, succeed, failed, in_progress (Initialized, Pending, InProgress), stopped.`,
  ),
  lastExecutionTags: gauge(
    'huaweicloud_swr_retention_last_execution_tags',
    [...POLICY, 'count'],
    `Tags the latest execution looked at (count="total") and kept (count="retained"), summed over its tasks (${TASKS_API}).`,
  ),
  lastExecutionStart: gauge(
    'huaweicloud_swr_retention_last_execution_start_timestamp_seconds',
    POLICY,
    `Start time of the latest execution, its start_time, in unix seconds (${EXECUTIONS_API}).`,
  ),
  lastExecutionEnd: gauge(
    'huaweicloud_swr_retention_last_execution_end_timestamp_seconds',
    POLICY,
    `End time of the latest execution, its end_time once it is final (Succeed, Failed, Stopped), in unix seconds (${EXECUTIONS_API}).`,
  ),
  lastSuccess: gauge(
    'huaweicloud_swr_retention_last_success_timestamp_seconds',
    POLICY,
    `End time of the newest Succeed execution that was not a dry run (a dry run deletes nothing) the exporter has seen for the policy, in unix seconds (${EXECUTIONS_API}).`,
  ),
  taskStatus: gauge(
    'huaweicloud_swr_retention_task_status',
    [...POLICY, 'repository', 'status'],
    `Tasks of the latest execution per repository and task status, normally 1; failures are kept first when the per-policy cap applies (${TASKS_API}).`,
  ),
  taskStatusOmitted: gauge(
    'huaweicloud_swr_retention_task_status_omitted',
    POLICY,
    `Tasks of the latest execution left out of huaweicloud_swr_retention_task_status by the per-policy cap (${TASKS_API}).`,
  ),
} as const;

/** What the latest execution's tasks say: counted over every task read, rendered under the cap. */
interface TaskSummary {
  rendered: RenderedTasks;
  results: ReadonlyMap<string, number>;
  tags: { total: number; retained: number };
}

const NO_SUMMARY: TaskSummary = { rendered: NO_TASKS, results: new Map(), tags: { total: 0, retained: 0 } };

interface Reading {
  ref: RetentionRef;
  policy: SwrRetentionPolicy;
  ends: LatestExecutions<SwrRetentionExecution>;
  tasks: TaskSummary;
}

const policyKey = (ref: RetentionRef) => `${ref.instanceId}\u0000${ref.namespace}\u0000${ref.policyId}`;

function summarise(labels: LabelPrefix, listed: Listed<SwrRetentionTask>): TaskSummary {
  const results = new Map<string, number>([
    ['total', Math.max(listed.total, listed.items.length)],
    ['succeed', 0],
    ['failed', 0],
    ['in_progress', 0],
    ['stopped', 0],
  ]);
  const tags = { total: 0, retained: 0 };
  for (const task of listed.items) {
    const result = RESULT_OF[task.status];
    if (result !== undefined) results.set(result, (results.get(result) ?? 0) + 1);
    tags.total += task.total ?? 0;
    tags.retained += task.retained ?? 0;
  }
  return { rendered: renderTaskGroups(F.taskStatus, labels, listed, maxTasksPerPolicy), results, tags };
}

class SwrRetentionCollector implements Collector {
  readonly name = 'swr_retention' as const;
  readonly region: string;
  readonly #deps: CollectorDeps;
  readonly #instances: InstanceLookup;
  readonly #reportInstances: boolean;
  /** Tasks of finished executions never change: read once, keyed by policy and execution. */
  readonly #finishedTasks = new LruCache<string, TaskSummary>(taskCacheEntries);
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
        skipped: 'retention policies',
      });
    }
    const listed: Array<{ ref: RetentionRef; policy: SwrRetentionPolicy }> = [];
    await forEachLimited(list.polled, limiter, workers, signal, async (instanceId, itemSignal) => {
      try {
        const policies = await api.run(LIST_RETENTION_POLICIES, { instanceId }, { signal: itemSignal });
        for (const policy of policies.items) {
          listed.push({ ref: { instanceId, namespace: policy.namespace_name, policyId: policy.id }, policy });
        }
      } catch (error) {
        skipUnlessConfigured(error, list, `SWR instance ${instanceId}`);
        this.#instances.invalidate();
        logger.warn({ region: this.region, instance_id: instanceId }, 'SWR instance not found; skipping it');
      }
    });
    const readings: Reading[] = [];
    await forEachLimited(listed, limiter, workers, signal, async ({ ref, policy }, itemSignal) => {
      const reading = await this.#readPolicy(ref, policy, itemSignal);
      if (reading !== undefined) readings.push(reading);
    });
    readings.sort((a, b) => compare(policyKey(a.ref), policyKey(b.ref)) || a.ref.policyId - b.ref.policyId);
    for (const reading of readings) {
      await yieldToEventLoop();
      this.#write(out, reading);
    }
    const present = new Set(readings.map((r) => policyKey(r.ref)));
    for (const key of this.#lastSuccess.keys()) if (!present.has(key)) this.#lastSuccess.delete(key);
  }

  async #readPolicy(ref: RetentionRef, policy: SwrRetentionPolicy, signal: AbortSignal) {
    const { api } = this.#deps;
    let ends: LatestExecutions<SwrRetentionExecution>;
    try {
      ends = await readLatestExecution(
        (page, pageSignal) => api.run(LIST_RETENTION_EXECUTIONS, { ref, page }, { signal: pageSignal }),
        executionsPageSize,
        signal,
        // A dry run deletes nothing: it is no clean-up, so it does not move the last success.
        (e) => e.status === 'Succeed' && e.dry_run !== true,
      );
    } catch (error) {
      if (isNotFound(error)) return undefined; // deleted since it was listed
      throw error;
    }
    this.#rememberSuccess(policyKey(ref), ends.latestSucceeded);
    const tasks = ends.latest === undefined ? NO_SUMMARY : await this.#tasksOf(ref, ends.latest, signal);
    return { ref, policy, ends, tasks };
  }

  async #tasksOf(ref: RetentionRef, execution: SwrRetentionExecution, signal: AbortSignal) {
    const finished = FINISHED_EXECUTION_STATUSES.has(execution.status);
    const key = `${policyKey(ref)}\u0000${execution.id}`;
    const cached = finished ? this.#finishedTasks.get(key) : undefined;
    if (cached !== undefined) return cached;
    let listed: Listed<SwrRetentionTask>;
    try {
      listed = await this.#deps.api.run(
        LIST_RETENTION_EXEC_TASKS,
        { ref, executionId: execution.id },
        { maxItems: maxTasksFetched, signal },
      );
    } catch (error) {
      if (isNotFound(error)) return NO_SUMMARY;
      throw error;
    }
    const summary = summarise(this.#labels(ref), listed);
    if (finished) this.#finishedTasks.set(key, summary);
    return summary;
  }

  #rememberSuccess(key: string, execution: SwrRetentionExecution | undefined): void {
    if (execution === undefined) return;
    const at = execution.end_time ?? execution.start_time;
    const known = this.#lastSuccess.get(key);
    if (at !== null && (known === undefined || execution.id > known.id)) {
      this.#lastSuccess.set(key, { id: execution.id, at });
    }
  }

  #labels(ref: RetentionRef): LabelPrefix {
    return new LabelPrefix(POLICY, [this.region, ref.instanceId, ref.namespace, String(ref.policyId)]);
  }

  #write(out: SeriesWriter, { ref, policy, ends, tasks }: Reading): void {
    const labels = this.#labels(ref);
    const none: readonly string[] = [];
    const info = [policy.name, booleanLabel(policy.enabled), optionalLabel(policy.trigger_type)];
    out.addPrefixed(F.policyInfo, labels, info, 1);
    out.addPrefixed(F.executions, labels, none, ends.total);
    const success = this.#lastSuccess.get(policyKey(ref));
    if (success !== undefined) out.addPrefixed(F.lastSuccess, labels, none, toUnixSeconds(success.at));
    const latest = ends.latest;
    if (latest === undefined) return;
    for (const status of KNOWN_EXECUTION_STATUSES) {
      out.addPrefixed(F.lastExecutionStatus, labels, [status], status === latest.status ? 1 : 0);
    }
    if (!(KNOWN_EXECUTION_STATUSES as readonly string[]).includes(latest.status)) {
      out.addPrefixed(F.lastExecutionStatus, labels, [latest.status], 1);
    }
    if (latest.dry_run !== undefined) {
      out.addPrefixed(F.lastExecutionDryRun, labels, none, latest.dry_run ? 1 : 0);
    }
    for (const [result, count] of tasks.results)
      out.addPrefixed(F.lastExecutionTasks, labels, [result], count);
    if (tasks.results.size > 0) {
      out.addPrefixed(F.lastExecutionTags, labels, ['total'], tasks.tags.total);
      out.addPrefixed(F.lastExecutionTags, labels, ['retained'], tasks.tags.retained);
    }
    if (latest.start_time !== null) {
      out.addPrefixed(F.lastExecutionStart, labels, none, toUnixSeconds(latest.start_time));
    }
    // Only a final status has ended: Pending (queued) or an unknown status may carry a time already.
    if (latest.end_time !== null && FINISHED_EXECUTION_STATUSES.has(latest.status)) {
      out.addPrefixed(F.lastExecutionEnd, labels, none, toUnixSeconds(latest.end_time));
    }
    out.addRendered(F.taskStatus, tasks.rendered.lines, tasks.rendered.samples);
    out.addPrefixed(F.taskStatusOmitted, labels, none, tasks.rendered.omitted);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const swrRetention = defineCollector({
  name: 'swr_retention',
  summary: 'SWR Enterprise image retention (clean-up) policies, their latest execution and its tasks',
  // Off until asked for, as swr_replication: it needs IAM actions an older least-privilege policy lacks.
  // Clean-ups run hourly or daily: a minute's TTL is plenty.
  defaults: { enabled: false, ttlSeconds: 60, maxAgeSeconds: 900, maxSeries: 500_000 },
  families: [...Object.values(SWR_INSTANCE_FAMILIES), ...Object.values(F)],
  operations: [LIST_INSTANCE, LIST_RETENTION_POLICIES, LIST_RETENTION_EXECUTIONS, LIST_RETENTION_EXEC_TASKS],
  section: SWR_SECTION,
  collectsIn: collectsSwr,
  // Chained as the collector reads: a missing earlier permission leaves the later rows SKIP.
  async check(reads) {
    const { api, signal } = reads;
    const instanceId = await firstSwrInstance(reads);
    let ref: RetentionRef | undefined;
    if (instanceId === undefined) reads.skip(LIST_RETENTION_POLICIES, NO_SWR_INSTANCE);
    else {
      await reads.step(LIST_RETENTION_POLICIES, async () => {
        const listed = await api.run(LIST_RETENTION_POLICIES, { instanceId }, { maxItems: 1, signal });
        const p = listed.items[0];
        ref = p && { instanceId, namespace: p.namespace_name, policyId: p.id };
        return visible(listed.total, 'retention polic(ies)');
      });
    }
    const policy = ref;
    if (policy === undefined) {
      reads.skip(LIST_RETENTION_EXECUTIONS, 'no retention policy to read from');
      return;
    }
    let executionId: number | undefined;
    await reads.step(LIST_RETENTION_EXECUTIONS, async () => {
      const page = { offset: 0, limit: 1 };
      const listed = await api.run(LIST_RETENTION_EXECUTIONS, { ref: policy, page }, { signal });
      executionId = listed.items[0]?.id;
      return visible(listed.total ?? listed.items.length, 'execution(s) of the first policy');
    });
    const id = executionId;
    if (id === undefined) reads.skip(LIST_RETENTION_EXEC_TASKS, 'no execution to read from');
    else {
      await reads.step(LIST_RETENTION_EXEC_TASKS, async () => {
        const args = { ref: policy, executionId: id };
        const tasks = await api.run(LIST_RETENTION_EXEC_TASKS, args, { maxItems: 1, signal });
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
    return new SwrRetentionCollector(
      ctx.deps,
      sharedSwrInstances(ctx, swr),
      ctx.claim(SWR_INSTANCE_STATUS_WRITER),
    );
  },
});
