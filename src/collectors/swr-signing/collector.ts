// SWR Enterprise image signing: every signature policy of every polled instance, its latest execution and
// that execution's tasks. Upstream work runs per policy through the engine's worker limit, starting as the
// policy list pages arrive; the output is written in a stable order (instance, namespace, policy id) once
// everything has been read.

import type { ExecutionRef, PolicyRef } from '../../huaweicloud/api.js';
import type { SwrSignExecution, SwrSignPolicy } from '../../huaweicloud/models.js';
import { LruCache } from '../cache.js';
import { forEachLimited, forEachStreamed, yieldToEventLoop } from '../concurrency.js';
import type { CollectContext, Collector, CollectorDeps, SwrTargetOptions } from '../contract.js';
import type { InstanceList, InstanceLookup } from '../discovery.js';
import { isNotFound, skipUnlessConfigured } from '../failures.js';
import { writeInstanceStatuses } from '../instance-status.js';
import { booleanLabel, optionalLabel } from '../labels.js';
import { LabelPrefix, type SeriesWriter, toUnixSeconds } from '../render.js';
import { SWR_INSTANCE_FAMILIES } from '../swr-instances.js';
import {
  type ExecutionEnds,
  executionEnd,
  FINISHED_EXECUTION_STATUSES,
  readExecutionEnds,
} from './executions.js';
import { SWR_SIGNING_FAMILIES as F, KNOWN_EXECUTION_STATUSES, POLICY_LABELS } from './families.js';
import type { SwrSigningSettings } from './settings.js';
import { NO_TASKS, type RenderedTasks, renderTasks } from './tasks.js';

interface PolicyReading {
  instanceId: string;
  policy: SwrSignPolicy;
  ends: ExecutionEnds;
  tasks: RenderedTasks;
}

interface ListedPolicy {
  instanceId: string;
  policy: SwrSignPolicy;
}

/** The execution's task counts, in the order of the lastExecutionTasks series. */
const TASK_COUNTS = ['total', 'succeed', 'failed', 'in_progress', 'stopped'] as const;

const policyKey = (instanceId: string, policyId: number) => `${instanceId}\u0000${policyId}`;

export class SwrSigningCollector implements Collector {
  readonly name = 'swr_signing' as const;
  readonly region: string;
  readonly #deps: CollectorDeps;
  readonly #instances: InstanceLookup;
  /** Whether this collector writes huaweicloud_swr_instance_status (one collector per region does). */
  readonly #reportInstances: boolean;
  readonly #selected: ReadonlySet<string> | undefined;
  readonly #settings: SwrSigningSettings;
  /** Tasks of finished executions never change: read once, keyed by instance, policy and execution. */
  readonly #finishedTasks: LruCache<string, RenderedTasks>;
  /** Newest succeeded execution seen per policy, kept across runs because it scrolls out of the pages read. */
  readonly #lastSuccess = new Map<string, { id: number; at: Date }>();

  constructor(
    deps: CollectorDeps,
    instances: InstanceLookup,
    target: SwrTargetOptions,
    settings: SwrSigningSettings,
    reportInstances = true,
  ) {
    this.#reportInstances = reportInstances;
    this.region = deps.region;
    this.#deps = deps;
    this.#instances = instances;
    this.#settings = settings;
    this.#selected =
      target.policies === undefined
        ? undefined
        : new Set(target.policies.map((p) => policyKey(p.instanceId, p.policyId)));
    this.#finishedTasks = new LruCache(settings.taskCacheEntries);
  }

  async collect({ signal, out }: CollectContext): Promise<void> {
    const readings: PolicyReading[] = [];
    const { limiter, workers } = this.#deps;
    // Instances that vanished while being listed: policies already read from them are dropped below.
    const gone = new Set<string>();
    const discovered: { list?: InstanceList } = {};
    // Policies are read as their list pages arrive, so the first page's policies need not wait for the last.
    await forEachStreamed<ListedPolicy>(
      (push, listSignal) => this.#listPolicies(push, gone, discovered, listSignal),
      limiter,
      workers,
      signal,
      async (item, itemSignal) => {
        const reading = await this.#readPolicy(item.instanceId, item.policy, itemSignal);
        if (reading !== undefined) readings.push(reading);
      },
    );
    const kept = gone.size === 0 ? readings : readings.filter((r) => !gone.has(r.instanceId));
    kept.sort(
      (a, b) =>
        compare(a.instanceId, b.instanceId) ||
        compare(a.policy.namespace_name, b.policy.namespace_name) ||
        a.policy.id - b.policy.id,
    );
    if (this.#reportInstances && discovered.list !== undefined) {
      writeInstanceStatuses(out, this.#deps.logger, discovered.list, {
        family: SWR_INSTANCE_FAMILIES.status,
        leading: [this.region],
        skipped: 'signature policies and registries',
      });
    }
    for (const reading of kept) {
      await yieldToEventLoop();
      this.#write(out, reading);
    }
    const present = new Set(kept.map((r) => policyKey(r.instanceId, r.policy.id)));
    for (const key of this.#lastSuccess.keys()) if (!present.has(key)) this.#lastSuccess.delete(key);
  }

  /** Pushes every selected policy of every polled instance once, page by page; instances not found go in `gone`. */
  async #listPolicies(
    push: (item: ListedPolicy) => void,
    gone: Set<string>,
    discovered: { list?: InstanceList },
    signal: AbortSignal,
  ): Promise<void> {
    const found = new Set<string>();
    const list = await this.#instances.get(signal);
    discovered.list = list;
    const instances = list.polled;
    const { limiter, workers, api, logger } = this.#deps;
    await forEachLimited(instances, limiter, workers, signal, async (instanceId, itemSignal) => {
      const take = (policies: readonly SwrSignPolicy[]) => {
        for (const policy of policies) {
          const key = policyKey(instanceId, policy.id);
          if (found.has(key) || (this.#selected !== undefined && !this.#selected.has(key))) continue;
          found.add(key);
          push({ instanceId, policy });
        }
      };
      try {
        // An API that does not stream pages still returns the whole list, which `take` then pushes.
        take((await api.swr.listSignPolicies(instanceId, { signal: itemSignal, onItems: take })).items);
      } catch (error) {
        skipUnlessConfigured(error, list, `SWR instance ${instanceId}`);
        gone.add(instanceId);
        this.#instances.invalidate();
        logger.warn({ region: this.region, instance_id: instanceId }, 'SWR instance not found; skipping it');
      }
    });
    for (const wanted of this.#selected ?? []) {
      const [instanceId, policyId] = wanted.split('\u0000');
      if (!found.has(wanted) || (instanceId !== undefined && gone.has(instanceId))) {
        logger.warn(
          { region: this.region, instance_id: instanceId, policy_id: policyId },
          'signature policy not found',
        );
      }
    }
  }

  async #readPolicy(
    instanceId: string,
    policy: SwrSignPolicy,
    signal: AbortSignal,
  ): Promise<PolicyReading | undefined> {
    const ref: PolicyRef = { instanceId, namespace: policy.namespace_name, policyId: policy.id };
    let ends: ExecutionEnds;
    try {
      ends = await readExecutionEnds(this.#deps.api, ref, this.#settings.executionsPageSize, signal);
    } catch (error) {
      if (isNotFound(error)) return undefined; // deleted since it was listed
      throw error;
    }
    this.#rememberSuccess(policyKey(instanceId, policy.id), ends.latestSucceeded);
    const tasks =
      ends.latest === undefined
        ? NO_TASKS
        : await this.#tasksOf({ ...ref, executionId: ends.latest.id }, ends.latest, signal);
    return { instanceId, policy, ends, tasks };
  }

  async #tasksOf(
    ref: ExecutionRef,
    execution: SwrSignExecution,
    signal: AbortSignal,
  ): Promise<RenderedTasks> {
    const finished = FINISHED_EXECUTION_STATUSES.has(execution.status);
    if (finished && execution.total === 0) return NO_TASKS;
    const key = `${ref.instanceId}\u0000${ref.namespace}\u0000${ref.policyId}\u0000${ref.executionId}`;
    if (finished) {
      const cached = this.#finishedTasks.get(key);
      if (cached !== undefined) return cached;
    }
    let rendered: RenderedTasks;
    try {
      const listed = await this.#deps.api.swr.listSignExecutionTasks(ref, {
        maxItems: this.#settings.maxTasksFetched,
        signal,
      });
      rendered = renderTasks(
        this.#policyLabels(ref.instanceId, ref.namespace, ref.policyId),
        listed,
        this.#settings.maxTasksPerPolicy,
      );
    } catch (error) {
      if (isNotFound(error)) return NO_TASKS;
      throw error;
    }
    if (finished) this.#finishedTasks.set(key, rendered);
    return rendered;
  }

  #rememberSuccess(key: string, execution: SwrSignExecution | undefined): void {
    if (execution === undefined) return;
    const at = executionEnd(execution);
    const known = this.#lastSuccess.get(key);
    if (at !== null && (known === undefined || execution.id > known.id)) {
      this.#lastSuccess.set(key, { id: execution.id, at });
    }
  }

  #policyLabels(instanceId: string, namespace: string, policyId: number): LabelPrefix {
    return new LabelPrefix(POLICY_LABELS, [this.region, instanceId, namespace, String(policyId)]);
  }

  #write(out: SeriesWriter, { instanceId, policy, ends, tasks }: PolicyReading): void {
    const labels = this.#policyLabels(instanceId, policy.namespace_name, policy.id);
    const none: readonly string[] = [];
    out.addPrefixed(
      F.policyInfo,
      labels,
      [policy.name, booleanLabel(policy.enabled), optionalLabel(policy.trigger_type)],
      1,
    );
    out.addPrefixed(F.executions, labels, none, ends.total);
    const success = this.#lastSuccess.get(policyKey(instanceId, policy.id));
    if (success !== undefined) out.addPrefixed(F.lastSuccess, labels, none, toUnixSeconds(success.at));
    const latest = ends.latest;
    if (latest === undefined) return;
    out.addPrefixed(F.lastExecutionId, labels, none, latest.id);
    for (const status of KNOWN_EXECUTION_STATUSES) {
      out.addPrefixed(F.lastExecutionStatus, labels, [status], status === latest.status ? 1 : 0);
    }
    if (!(KNOWN_EXECUTION_STATUSES as readonly string[]).includes(latest.status)) {
      out.addPrefixed(F.lastExecutionStatus, labels, [latest.status], 1);
    }
    // A count that could not be read is absent: its series is omitted, the execution's others stay.
    for (const state of TASK_COUNTS) {
      const count = latest[state];
      if (count !== undefined) out.addPrefixed(F.lastExecutionTasks, labels, [state], count);
    }
    if (latest.created_at !== null) {
      out.addPrefixed(F.lastExecutionStart, labels, none, toUnixSeconds(latest.created_at));
    }
    if (latest.updated_at !== null && latest.status !== 'InProgress') {
      out.addPrefixed(F.lastExecutionEnd, labels, none, toUnixSeconds(latest.updated_at));
    }
    out.addRendered(F.taskStatus, tasks.lines, tasks.samples);
    out.addPrefixed(F.taskStatusOmitted, labels, none, tasks.omitted);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
