// SWR Enterprise image replication and retention (clean-up) policies, their executions and tasks, as one API
// module (docs/apis/swr-replication.md). Parameter rules as the other SWR lists: limit 1..100 (default 10),
// offset 0 or a multiple of limit; unknown instance/policy/execution → 404 in SWR's format (codes inferred).
// Executions list in the world's execution order (newest or oldest first, PUT /_sim/world/execution-order).

import { z } from 'zod';
import {
  type ControlContext,
  ControlError,
  type ControlRoute,
  defineApiModule,
  type MountedModule,
} from '../http/api-module.js';
import { swrError } from '../http/errors.js';
import { optionalEnum, optionalInteger, pageOf, pathInteger, swrPage } from '../http/params.js';
import { type ApiRoute, found, need, ok, param, ReplyError, type RouteContext } from '../http/route-types.js';
import { ZERO_TIME } from '../world/timestamps.js';
import type { World, WorldResult } from '../world/types.js';
import { type KindRule, Variety } from '../world/variety.js';
import {
  countsOf,
  type Estate,
  type ExecutionState,
  endTime,
  estateOf,
  type Policy,
  swrTime,
  taskStatus,
} from './swr-replication-world.js';

const LIST_RULES = { defaultLimit: 10, offsetMultipleOfLimit: true };
const TASK_STATUSES = ['Initialized', 'Pending', 'InProgress', 'Succeed', 'Failed', 'Stopped'] as const;
/** Harbor's job status codes (Pending 0, Running 2, final 3): what status_code carries (inferred). */
const STATUS_CODES: Record<string, number> = { Pending: 0, InProgress: 2 };

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

function notFound(code: string, message: string): never {
  throw new ReplyError(swrError(404, code, message));
}

export const swrReplication = defineApiModule({
  name: 'swr-replication',
  actions: {
    'swr.ListInstanceReplicationPolicies': 'swr:instance:listReplicationPolicies',
    'swr.ListInstanceReplicationPolicyExecutions': 'swr:instance:listReplicationPolicyExecutions',
    'swr.ListInstanceReplicationPolicyExecTasks': 'swr:instance:listReplicationPolicyExecTasks',
    'swr.ListInstanceRetentionPolicies': 'swr:repository:listRetentionPolicies',
    'swr.ListInstanceRetentionPolicyExecutions': 'swr:repository:listRetentionPolicyExecutions',
    'swr.ListInstanceRetentionPolicyExecTasks': 'swr:repository:listRetentionPolicyExecTasks',
  },
  mount: ({ world }) => mountReplication(world),
});

const STEER = z.object({ running: z.boolean() }).strict();
const RUN = z.object({ status: z.enum(['Succeed', 'Failed', 'Stopped']).exactOptional() }).strict();

function mountReplication(world: World): MountedModule {
  // The routes are built as the server starts, when the world clock still reads its start time.
  const startMs = world.now();
  const estates = new Map<string, Estate>();
  const variety = world.variety ? new Variety(world.seed) : undefined;
  const served = <T extends object>(kind: keyof typeof RULES, key: string, record: T): T =>
    variety === undefined ? record : variety.varyWith(RULES[kind], kind, key, record).record;

  const lookup = (projectId: string, instanceId: string): WorldResult<Estate> => {
    const namespaces = world.listNamespaces(projectId, instanceId);
    if (!namespaces.ok) return namespaces;
    const key = `${projectId}/${instanceId}`;
    let hit = estates.get(key);
    if (hit === undefined) {
      const registries = world.listSwrRegistries(projectId, instanceId);
      if (!registries.ok) return registries;
      hit = estateOf(world.seed, startMs, instanceId, namespaces.value, registries.value);
      estates.set(key, hit);
    }
    return { ok: true, value: hit };
  };
  const estate = (ctx: RouteContext): Estate =>
    found('swr', lookup(param(ctx, 'project_id'), param(ctx, 'instance_id')));
  /** The policy a control route names: /:project (region name or id)/:instance_id/:kind/:policy_id. */
  const controlled = ({ params }: ControlContext): Policy => {
    const { project = '', instance_id: instanceId = '', kind = '', policy_id: policyId = '' } = params;
    const hit = lookup(world.projectIdOf(project) ?? project, instanceId);
    if (!hit.ok) throw new ControlError(404, hit.message);
    if (kind !== 'replication' && kind !== 'retention') {
      throw new ControlError(404, `unknown policy kind '${kind}' (use replication or retention)`);
    }
    const policy = hit.value[kind].find((p) => String(p.id) === policyId);
    if (policy === undefined) throw new ControlError(404, `no ${kind} policy ${policyId} on ${instanceId}`);
    return policy;
  };
  const ordered = <T>(items: T[]): T[] => (world.executionOrder === 'newest_first' ? items.reverse() : items);
  const page = <T>(ctx: RouteContext, all: T[]) => pageOf(all, need('swr', swrPage(ctx.query, LIST_RULES)));
  const executionsOf = (policy: Policy) => policy.executionsAt(world.now());
  const route = (operation: string, path: string, handle: ApiRoute['handle']): ApiRoute => ({
    service: 'swr',
    operation,
    method: 'GET',
    path: `/v2/:project_id/instances/:instance_id${path}`,
    auth: 'signed',
    handle,
  });
  const retentionPolicy = (ctx: RouteContext): Policy => {
    const policyId = need('swr', pathInteger(param(ctx, 'policy_id'), 'policy_id'));
    const policy = estate(ctx).retention.find((p) => p.id === policyId);
    if (policy === undefined || policy.namespaceName !== param(ctx, 'namespace_name')) {
      notFound('SVCSTG.SWR.4040123', `Retention policy not found: policy ${policyId}`);
    }
    return policy;
  };
  const execution = (ctx: RouteContext, policies: readonly Policy[]): [Policy, ExecutionState] => {
    const executionId = need('swr', pathInteger(param(ctx, 'execution_id'), 'execution_id'));
    for (const policy of policies) {
      const hit = executionsOf(policy).find((e) => e.id === executionId);
      if (hit !== undefined) return [policy, hit];
    }
    return notFound('SVCSTG.SWR.4040124', `Execution not found: execution ${executionId}`);
  };

  const controls: ControlRoute[] = [
    {
      // Stops or resumes a policy's schedule from now on (a schedule that stops triggering, then is fixed).
      method: 'PUT',
      path: '/:project/:instance_id/:kind/:policy_id/running',
      handle: (ctx) => {
        const { running } = ctx.body(STEER);
        return { running, changed: controlled(ctx).setRunning(running, world.now()) };
      },
    },
    {
      // Runs a policy now, as the console's "execute" does; `status` fixes how the run ends.
      method: 'POST',
      path: '/:project/:instance_id/:kind/:policy_id/executions',
      created: true,
      handle: (ctx) => {
        const { status } = ctx.body(RUN);
        const policy = controlled(ctx);
        if (!policy.runNow(world.now(), status)) {
          throw new ControlError(409, 'this policy was already run by hand in this minute of world time');
        }
        const latest = policy.executionsAt(world.now()).at(-1);
        return { id: latest?.id, status: latest?.status };
      },
    },
  ];

  const routes = [
    route('ListInstanceReplicationPolicies', '/replication/policies', (ctx) => {
      const window = need('swr', swrPage(ctx.query, LIST_RULES));
      const column = need(
        'swr',
        optionalEnum(ctx.query, 'order_column', ['created_at', 'updated_at', 'name']),
      );
      const order = need('swr', optionalEnum(ctx.query, 'order_type', ['desc', 'asc']));
      const registryId = need('swr', optionalInteger(ctx.query, 'registry_id'));
      const name = ctx.query.get('name');
      const all = estate(ctx)
        .replication.filter((p) => name === undefined || p.name.includes(name))
        .filter((p) => registryId === undefined || p.registryId === registryId)
        .sort((a, b) =>
          column === 'name' ? a.name.localeCompare(b.name) : a.createdMs - b.createdMs || a.id - b.id,
        );
      if (order !== 'asc') all.reverse();
      const records = pageOf(all, window).map((p) => served('replicationPolicy', p.key, p.raw));
      return ok({ policies: records, total: all.length });
    }),
    route('ListInstanceReplicationPolicyExecutions', '/replication/executions', (ctx) => {
      const policyId = need('swr', optionalInteger(ctx.query, 'policy_id', 2_147_483_647));
      const policies = estate(ctx).replication.filter((p) => policyId === undefined || p.id === policyId);
      const all = ordered(
        policies
          .flatMap((p) => executionsOf(p).map((e) => ({ ...e, policyId: p.id })))
          .sort((a, b) => a.id - b.id),
      );
      const records = page(ctx, all).map((e) => {
        const key = `${param(ctx, 'instance_id')}/replication/${e.id}`;
        const raw = {
          id: e.id,
          policy_id: e.policyId,
          status: e.status,
          status_text: e.status === 'Failed' ? 'failed to replicate some artifacts' : '',
          ...countsOf(e),
          trigger: e.trigger,
          created_at: swrTime(world.seed, key, e.startMs),
          updated_at:
            e.status === 'InProgress' ? swrTime(world.seed, key, e.startMs) : endTime(world.seed, key, e),
        };
        return served('replicationExecution', key, raw);
      });
      return ok({ executions: records, total: all.length });
    }),
    route('ListInstanceReplicationPolicyExecTasks', '/replication/executions/:execution_id/tasks', (ctx) => {
      const [policy, e] = execution(ctx, estate(ctx).replication);
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
          end_time:
            index < e.done
              ? swrTime(world.seed, key, e.startMs + ((index + 1) * (e.endMs - e.startMs)) / e.taskCount)
              : ZERO_TIME,
        });
      });
      return ok({ tasks: records, total: all.length });
    }),
    route('ListInstanceRetentionPolicies', '/retention/policies', (ctx) => {
      const namespaceId = need('swr', optionalInteger(ctx.query, 'namespace_id', 2_147_483_647));
      const name = ctx.query.get('name');
      const all = estate(ctx).retention.filter(
        (p) =>
          (name === undefined || p.name === name) &&
          (namespaceId === undefined || p.namespaceId === namespaceId),
      );
      const records = page(ctx, all).map((p) => served('retentionPolicy', p.key, p.raw));
      return ok({ total: all.length, retentions: records });
    }),
    route(
      'ListInstanceRetentionPolicyExecutions',
      '/namespaces/:namespace_name/retention/policies/:policy_id/executions',
      (ctx) => {
        const policy = retentionPolicy(ctx);
        const all = ordered(executionsOf(policy));
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
      },
    ),
    route(
      'ListInstanceRetentionPolicyExecTasks',
      '/namespaces/:namespace_name/retention/policies/:policy_id/executions/:execution_id/tasks',
      (ctx) => {
        const policy = retentionPolicy(ctx);
        const status = need('swr', optionalEnum(ctx.query, 'status', TASK_STATUSES));
        const [, e] = execution(ctx, [policy]);
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
            end_time: index < e.done ? swrTime(world.seed, key, e.endMs) : ZERO_TIME,
            total,
            retained: taskState === 'Succeed' ? Math.min(total, 10) : total,
          });
        });
        return ok({ tasks: records, total: all.length });
      },
    ),
  ];
  return { routes, controls };
}
