// SWR Enterprise image replication policies, their executions and tasks as one API module
// (docs/apis/swr-replication.md). Parameter rules as the other SWR lists: limit 1..100 (default 10), offset 0
// or a multiple of limit; unknown instance/execution → 404 in SWR's format (codes inferred). Executions list in
// the world's execution order (newest or oldest first, PUT /_sim/world/execution-order) and move with its
// clock (world/policy-runs.ts).

import { defineApiModule, type MountedModule, policyControls } from '../http/api-module.js';
import { swrError } from '../http/errors.js';
import { optionalEnum, optionalInteger, pageOf, pathInteger, swrPage } from '../http/params.js';
import { type ApiRoute, found, need, ok, param, ReplyError, type RouteContext } from '../http/route-types.js';
import {
  countsOf,
  DAY,
  endTime,
  findExecution,
  type InstanceParts,
  MINUTE,
  policiesPerInstance,
  type RunnablePolicy,
  type Schedule,
  scheduledRuns,
  swrTime,
  taskEndMs,
  taskStatus,
  triggerOf,
} from '../world/policy-runs.js';
import { ZERO_TIME } from '../world/timestamps.js';
import type { SwrRegistryRaw, World } from '../world/types.js';
import { type KindRule, Variety } from '../world/variety.js';

const LIST_RULES = { defaultLimit: 10, offsetMultipleOfLimit: true };

const runs = { enabled: true, stalled: false };
/** A disabled scheduled policy that stopped is no alert: the recipe has one of those too. */
const stalls = { enabled: true, stalled: true };

/** The recipe of each instance's policies, by position: every kind the collector must handle. */
export const REPLICATION_RECIPE: readonly Schedule[] = [
  { trigger: 'scheduled', periodMs: 10 * MINUTE, fireChance: 1, failChance: 0.1, ...runs },
  { trigger: 'event_based', periodMs: 20 * MINUTE, fireChance: 0.6, failChance: 0.2, ...runs },
  { trigger: 'scheduled', periodMs: 15 * MINUTE, fireChance: 1, failChance: 0.1, ...stalls },
  { trigger: 'manual', periodMs: 120 * MINUTE, fireChance: 0.5, failChance: 0.7, ...runs },
  { trigger: 'scheduled', periodMs: 30 * MINUTE, fireChance: 1, failChance: 0, ...stalls, enabled: false },
];

const RULES = {
  replicationPolicy: {
    identity: 'id',
    times: ['created_at', 'updated_at'],
    optional: ['description', 'dest_namespace', 'filters', 'dest_registry', 'trigger'],
    enums: [['trigger.type', ['on_push']]],
  },
  replicationExecution: {
    identity: 'id',
    times: ['created_at', 'updated_at'],
    optional: ['status_text', 'trigger'],
    enums: [['status', ['Pending', 'succeed']]],
  },
  replicationTask: { times: ['start_time', 'end_time'], optional: ['job_id', 'operation'], enums: [] },
} satisfies Record<string, KindRule>;

interface ReplicationPolicy extends RunnablePolicy {
  createdMs: number;
  /** Edited later in reverse order of creation, so sorting by updated_at differs from created_at. */
  updatedMs: number;
  /** The registry it pushes to or pulls from. */
  registryId: number;
}

/** An instance's replication policies: the recipe over its registries (none without a target). */
function policiesOf(seed: number, instanceId: string, startMs: number, parts: InstanceParts) {
  // A registry served without its id (variety) cannot be a policy's target.
  const targets = parts.registries.filter((r) => typeof r.id === 'number');
  const first = [...parts.namespaces].sort((a, b) => a.namespace_id - b.namespace_id)[0]?.name ?? 'library';
  if (targets.length === 0) return [];
  return REPLICATION_RECIPE.map((schedule, slot): ReplicationPolicy => {
    const key = `${instanceId}/replication/${slot + 1}`;
    const target = targets[slot % targets.length] as SwrRegistryRaw;
    const name = `sync-${slot + 1}-to-${target.name ?? target.id}`;
    const createdMs = startMs - 7 * DAY + slot * 60 * MINUTE;
    const updatedMs = startMs - DAY - slot * 60 * MINUTE;
    // The manual policy pulls (src_registry); the others push (dest_registry): SWR takes one of the two.
    const direction =
      schedule.trigger === 'manual'
        ? { src_registry: { id: target.id } }
        : { dest_registry: { id: target.id } };
    return {
      key,
      id: slot + 1,
      name,
      createdMs,
      updatedMs,
      registryId: target.id,
      repositories: [1, 2, 3].map((n) => `${first}/app-${n}`),
      ...scheduledRuns(seed, key, slot, schedule, createdMs, startMs),
      raw: Object.freeze({
        id: slot + 1,
        name,
        description: `replicates to ${target.name ?? 'a registry'}`,
        ...direction,
        dest_namespace: '',
        filters: [{ type: 'name', value: `${first}/**` }],
        repo_scope_mode: 'regular',
        trigger: triggerOf(schedule),
        override: true,
        enabled: schedule.enabled,
        created_at: swrTime(seed, `${instanceId}/replication/${slot}`, createdMs),
        updated_at: swrTime(seed, `${instanceId}/replication/${slot}`, updatedMs),
      }),
    };
  });
}

export const swrReplication = defineApiModule({
  name: 'swr-replication',
  actions: {
    'swr.ListInstanceReplicationPolicies': 'swr:instance:listReplicationPolicies',
    'swr.ListInstanceReplicationPolicyExecutions': 'swr:instance:listReplicationPolicyExecutions',
    'swr.ListInstanceReplicationPolicyExecTasks': 'swr:instance:listReplicationPolicyExecTasks',
  },
  mount: ({ world }) => mountReplication(world),
});

function mountReplication(world: World): MountedModule {
  const lookup = policiesPerInstance(world, (instanceId, startMs, parts) =>
    policiesOf(world.seed, instanceId, startMs, parts),
  );
  const variety = world.variety ? new Variety(world.seed) : undefined;
  const served = <T extends object>(kind: keyof typeof RULES, key: string, record: T): T =>
    variety === undefined ? record : variety.varyWith(RULES[kind], kind, key, record).record;
  const policies = (ctx: RouteContext) =>
    found('swr', lookup(param(ctx, 'project_id'), param(ctx, 'instance_id')));
  const page = <T>(ctx: RouteContext, all: T[]) => pageOf(all, need('swr', swrPage(ctx.query, LIST_RULES)));
  const route = (operation: string, path: string, handle: ApiRoute['handle']): ApiRoute => ({
    service: 'swr',
    operation,
    method: 'GET',
    path: `/v2/:project_id/instances/:instance_id/replication${path}`,
    auth: 'signed',
    handle,
  });

  const routes = [
    route('ListInstanceReplicationPolicies', '/policies', (ctx) => {
      const window = need('swr', swrPage(ctx.query, LIST_RULES));
      const column = need(
        'swr',
        optionalEnum(ctx.query, 'order_column', ['created_at', 'updated_at', 'name']),
      );
      const order = need('swr', optionalEnum(ctx.query, 'order_type', ['desc', 'asc']));
      const registryId = need('swr', optionalInteger(ctx.query, 'registry_id'));
      const name = ctx.query.get('name');
      const timeOf = (p: ReplicationPolicy) => (column === 'updated_at' ? p.updatedMs : p.createdMs);
      const all = policies(ctx)
        .filter((p) => name === undefined || p.name.includes(name))
        .filter((p) => registryId === undefined || p.registryId === registryId)
        .sort((a, b) =>
          column === 'name' ? a.name.localeCompare(b.name) : timeOf(a) - timeOf(b) || a.id - b.id,
        );
      if (order !== 'asc') all.reverse();
      const records = pageOf(all, window).map((p) => served('replicationPolicy', p.key, p.raw));
      return ok({ policies: records, total: all.length });
    }),
    route('ListInstanceReplicationPolicyExecutions', '/executions', (ctx) => {
      const policyId = need('swr', optionalInteger(ctx.query, 'policy_id', 2_147_483_647));
      const all = policies(ctx)
        .filter((p) => policyId === undefined || p.id === policyId)
        .flatMap((p) => p.executionsAt(world.now()).map((e) => ({ ...e, policyId: p.id })))
        .sort((a, b) => a.id - b.id);
      if (world.executionOrder === 'newest_first') all.reverse();
      const records = page(ctx, all).map((e) => {
        const key = `${param(ctx, 'instance_id')}/replication/${e.id}`;
        return served('replicationExecution', key, {
          id: e.id,
          policy_id: e.policyId,
          status: e.status,
          status_text: e.status === 'Failed' ? 'failed to replicate some artifacts' : '',
          ...countsOf(e),
          trigger: e.trigger,
          created_at: swrTime(world.seed, key, e.startMs),
          updated_at:
            e.status === 'InProgress' ? swrTime(world.seed, key, e.startMs) : endTime(world.seed, key, e),
        });
      });
      return ok({ executions: records, total: all.length });
    }),
    route('ListInstanceReplicationPolicyExecTasks', '/executions/:execution_id/tasks', (ctx) => {
      const executionId = need('swr', pathInteger(param(ctx, 'execution_id'), 'execution_id'));
      const hit = findExecution(policies(ctx), executionId, world.now());
      if (hit === undefined) {
        throw new ReplyError(
          swrError(404, 'SVCSTG.SWR.4040124', `Execution not found: execution ${executionId}`),
        );
      }
      const [policy, e] = hit;
      const all = [...Array(e.taskCount).keys()];
      const records = page(ctx, all).map((index) => {
        const key = `${param(ctx, 'instance_id')}/replication/${e.id}/${index}`;
        const repository = policy.repositories[index % policy.repositories.length] ?? 'library/app';
        const status = taskStatus(e, index);
        return served('replicationTask', key, {
          id: e.id * 8 + index,
          execution_id: e.id,
          resource_type: 'image',
          src_resource: `${repository}:[latest]`,
          dst_resource: `${repository}:[latest]`,
          operation: 'copy',
          job_id: (world.seed + e.id * 8 + index).toString(16).padStart(24, '0'),
          status,
          StatusRevision: Math.floor(e.startMs / 1000),
          start_time: status === 'Pending' ? ZERO_TIME : swrTime(world.seed, key, e.startMs),
          end_time: index < e.done ? swrTime(world.seed, key, taskEndMs(e, index)) : ZERO_TIME,
        });
      });
      return ok({ tasks: records, total: all.length });
    }),
  ];
  return { routes, controls: policyControls(world, lookup) };
}
