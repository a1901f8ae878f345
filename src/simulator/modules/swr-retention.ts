// SWR Enterprise retention (clean-up) policies, their executions and tasks as one API module
// (docs/apis/swr-replication.md). Same list rules as replication (limit 1..100, default 10; offset 0 or a
// multiple of limit); an unknown policy, or one not of the namespace in the path, is a 404 in SWR's format
// (codes inferred). Executions follow the world's execution order and clock (world/policy-runs.ts).

import { defineApiModule, type MountedModule, policyControls } from '../http/api-module.js';
import { swrError } from '../http/errors.js';
import { optionalEnum, optionalInteger, pageOf, pathInteger, swrPage } from '../http/params.js';
import { type ApiRoute, found, need, ok, param, ReplyError, type RouteContext } from '../http/route-types.js';
import {
  DAY,
  endTime,
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
import type { World } from '../world/types.js';
import { type KindRule, Variety } from '../world/variety.js';

const LIST_RULES = { defaultLimit: 10, offsetMultipleOfLimit: true };
const TASK_STATUSES = ['Initialized', 'Pending', 'InProgress', 'Succeed', 'Failed', 'Stopped'] as const;
/** Harbor's job status codes (Pending 0, Running 2, final 3): what status_code carries (inferred). */
const STATUS_CODES: Record<string, number> = { Pending: 0, InProgress: 2 };

/** One policy per namespace, by position; the third stalled since before the world began. */
export const RETENTION_RECIPE: readonly Schedule[] = [
  {
    trigger: 'scheduled',
    periodMs: 30 * MINUTE,
    fireChance: 1,
    failChance: 0.1,
    enabled: true,
    stalled: false,
  },
  {
    trigger: 'manual',
    periodMs: 180 * MINUTE,
    fireChance: 0.5,
    failChance: 0.3,
    enabled: true,
    stalled: false,
  },
  {
    trigger: 'scheduled',
    periodMs: 60 * MINUTE,
    fireChance: 1,
    failChance: 0.1,
    enabled: true,
    stalled: true,
  },
];

const RULES = {
  retentionPolicy: {
    identity: 'id',
    times: [],
    optional: ['rules', 'algorithm', 'trigger'],
    enums: [['trigger.type', ['event_based']]],
  },
  retentionExecution: {
    identity: 'id',
    times: ['start_time', 'end_time'],
    optional: ['dry_run', 'trigger'],
    enums: [['status', ['Scheduled']]],
  },
  retentionTask: { times: ['start_time', 'end_time'], optional: ['job_id', 'status_revision'], enums: [] },
} satisfies Record<string, KindRule>;

interface RetentionPolicy extends RunnablePolicy {
  namespaceId: number;
  namespaceName: string;
}

/** An instance's retention policies: the recipe over its first namespaces. */
function policiesOf(seed: number, instanceId: string, startMs: number, parts: InstanceParts) {
  const spaces = [...parts.namespaces].sort((a, b) => a.namespace_id - b.namespace_id);
  return spaces.slice(0, RETENTION_RECIPE.length).map((namespace, slot): RetentionPolicy => {
    const schedule = RETENTION_RECIPE[slot] as Schedule;
    const key = `${instanceId}/retention/${slot + 1}`;
    const name = `clean-${namespace.name}`;
    const createdMs = startMs - 7 * DAY + slot * 60 * MINUTE;
    return {
      key,
      id: slot + 1,
      name,
      namespaceId: namespace.namespace_id,
      namespaceName: namespace.name,
      repositories: [1, 2, 3].map((n) => `${namespace.name}/app-${n}`),
      ...scheduledRuns(seed, key, slot, schedule, createdMs, startMs),
      raw: Object.freeze({
        id: slot + 1,
        algorithm: 'or',
        rules: [
          {
            id: slot + 1,
            priority: 0,
            disabled: false,
            action: 'retain',
            template: 'latestPushedK',
            params: { latestPushedK: 10 },
            tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**' }],
            scope_selectors: {
              repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }],
            },
            repo_scope_mode: 'regular',
          },
        ],
        trigger: triggerOf(schedule),
        enabled: schedule.enabled,
        name,
        namespace_id: namespace.namespace_id,
        namespace_name: namespace.name,
      }),
    };
  });
}

export const swrRetention = defineApiModule({
  name: 'swr-retention',
  actions: {
    'swr.ListInstanceRetentionPolicies': 'swr:repository:listRetentionPolicies',
    'swr.ListInstanceRetentionPolicyExecutions': 'swr:repository:listRetentionPolicyExecutions',
    'swr.ListInstanceRetentionPolicyExecTasks': 'swr:repository:listRetentionPolicyExecTasks',
  },
  mount: ({ world }) => mountRetention(world),
});

function notFound(code: string, message: string): never {
  throw new ReplyError(swrError(404, code, message));
}

function mountRetention(world: World): MountedModule {
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
    path: `/v2/:project_id/instances/:instance_id${path}`,
    auth: 'signed',
    handle,
  });
  const policyOfPath = (ctx: RouteContext): RetentionPolicy => {
    const policyId = need('swr', pathInteger(param(ctx, 'policy_id'), 'policy_id'));
    const policy = policies(ctx).find((p) => p.id === policyId);
    if (policy === undefined || policy.namespaceName !== param(ctx, 'namespace_name')) {
      notFound('SVCSTG.SWR.4040123', `Retention policy not found: policy ${policyId}`);
    }
    return policy;
  };
  const executions = '/namespaces/:namespace_name/retention/policies/:policy_id/executions';

  const routes = [
    route('ListInstanceRetentionPolicies', '/retention/policies', (ctx) => {
      const namespaceId = need('swr', optionalInteger(ctx.query, 'namespace_id', 2_147_483_647));
      const name = ctx.query.get('name');
      const all = policies(ctx).filter(
        (p) =>
          (name === undefined || p.name === name) &&
          (namespaceId === undefined || p.namespaceId === namespaceId),
      );
      const records = page(ctx, all).map((p) => served('retentionPolicy', p.key, p.raw));
      return ok({ total: all.length, retentions: records });
    }),
    route('ListInstanceRetentionPolicyExecutions', executions, (ctx) => {
      const policy = policyOfPath(ctx);
      const all = policy.executionsAt(world.now());
      if (world.executionOrder === 'newest_first') all.reverse();
      const records = page(ctx, all).map((e) => {
        const key = `${param(ctx, 'instance_id')}/retention/${e.id}`;
        return served('retentionExecution', key, {
          id: e.id,
          policy_id: policy.id,
          dry_run: e.id % 7 === 0,
          status: e.status,
          trigger: e.trigger,
          start_time: swrTime(world.seed, key, e.startMs),
          end_time: endTime(world.seed, key, e),
        });
      });
      return ok({ total: all.length, executions: records });
    }),
    route('ListInstanceRetentionPolicyExecTasks', `${executions}/:execution_id/tasks`, (ctx) => {
      const policy = policyOfPath(ctx);
      const status = need('swr', optionalEnum(ctx.query, 'status', TASK_STATUSES));
      const executionId = need('swr', pathInteger(param(ctx, 'execution_id'), 'execution_id'));
      const e = policy.executionsAt(world.now()).find((x) => x.id === executionId);
      if (e === undefined) notFound('SVCSTG.SWR.4040124', `Execution not found: execution ${executionId}`);
      const all = [...Array(e.taskCount).keys()].filter(
        (index) => status === undefined || taskStatus(e, index) === status,
      );
      const records = page(ctx, all).map((index) => {
        const key = `${param(ctx, 'instance_id')}/retention/${e.id}/${index}`;
        const taskState = taskStatus(e, index);
        const total = 5 + ((e.id + index) % 20);
        return served('retentionTask', key, {
          id: e.id * 8 + index,
          execution_id: e.id,
          repository: policy.repositories[index % policy.repositories.length] ?? 'app',
          job_id: (world.seed + e.id * 8 + index).toString(16).padStart(24, '0'),
          status: taskState,
          status_code: STATUS_CODES[taskState] ?? 3,
          status_revision: Math.floor(e.startMs / 1000),
          start_time: taskState === 'Pending' ? ZERO_TIME : swrTime(world.seed, key, e.startMs),
          end_time: index < e.done ? swrTime(world.seed, key, taskEndMs(e, index)) : ZERO_TIME,
          total,
          retained: taskState === 'Succeed' ? Math.min(total, 10) : total,
        });
      });
      return ok({ tasks: records, total: all.length });
    }),
  ];
  return { routes, controls: policyControls(world, lookup) };
}
