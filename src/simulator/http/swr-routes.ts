// SWR Enterprise (docs §4.1, §4.2, §4.5, §5; seeds 000, 001, 004): discovery lists, signing executions and
// tasks, replication registries. Pagination rule: offset 0 or a multiple of limit, limit 1..100.

import { optionalEnum, pageOf, pathInteger, swrPage } from './params.js';
import {
  type ApiRoute,
  found,
  need,
  ok,
  param,
  pickFilter,
  type RouteContext,
  type RouteDeps,
} from './route-types.js';

const LIST_RULES = { defaultLimit: 10, offsetMultipleOfLimit: true };
const ORDER_TYPES = ['desc', 'asc'] as const;

function ids(ctx: RouteContext): { projectId: string; instanceId: string } {
  return { projectId: param(ctx, 'project_id'), instanceId: param(ctx, 'instance_id') };
}

function policyRef(ctx: RouteContext) {
  return {
    ...ids(ctx),
    namespace: param(ctx, 'namespace_name'),
    policyId: need('swr', pathInteger(param(ctx, 'policy_id'), 'policy_id')),
  };
}

const POLICY_PATH =
  '/v2/:project_id/instances/:instance_id/namespaces/:namespace_name/signature/policies/:policy_id';

export function swrRoutes({ world }: RouteDeps): ApiRoute[] {
  const route = (operation: string, path: string, handle: ApiRoute['handle']): ApiRoute => ({
    service: 'swr',
    operation,
    method: 'GET',
    path,
    auth: 'signed',
    handle,
  });
  return [
    route('ListInstance', '/v2/:project_id/instances', (ctx) => {
      // ListInstance documents default/max 100 and no multiple-of-limit rule (docs §5).
      const window = need('swr', swrPage(ctx.query, { defaultLimit: 100, offsetMultipleOfLimit: false }));
      const filter = pickFilter(ctx.query, ['status', 'enterprise_project_id'] as const);
      const all = found('swr', world.listSwrInstances(param(ctx, 'project_id'), filter));
      return ok({ instances: pageOf(all, window), total: all.length });
    }),
    route('ListInstanceNamespaces', '/v2/:project_id/instances/:instance_id/namespaces', (ctx) => {
      const window = need('swr', swrPage(ctx.query, LIST_RULES));
      need('swr', optionalEnum(ctx.query, 'order_column', ['updated_at', 'created_at', 'name']));
      need('swr', optionalEnum(ctx.query, 'order_type', ORDER_TYPES));
      const { projectId, instanceId } = ids(ctx);
      const filter = pickFilter(ctx.query, ['name', 'public', 'order_column', 'order_type'] as const);
      const all = found('swr', world.listNamespaces(projectId, instanceId, filter));
      return ok({ namespaces: pageOf(all, window), total: all.length });
    }),
    route('ListInstanceSignPolicies', '/v2/:project_id/instances/:instance_id/signature/policies', (ctx) => {
      const window = need('swr', swrPage(ctx.query, LIST_RULES));
      const { projectId, instanceId } = ids(ctx);
      const all = found('swr', world.listSignPolicies(projectId, instanceId));
      return ok({ policies: pageOf(all, window), total: all.length });
    }),
    route('ShowInstanceSignPolicy', POLICY_PATH, (ctx) => {
      const ref = policyRef(ctx);
      return ok(
        found('swr', world.getSignPolicy(ref.projectId, ref.instanceId, ref.namespace, ref.policyId)),
      );
    }),
    route('ListInstanceSignPolicyExecutions', `${POLICY_PATH}/executions`, (ctx) => {
      const ref = policyRef(ctx);
      const window = need('swr', swrPage(ctx.query, LIST_RULES));
      const all = found(
        'swr',
        world.listExecutions(ref.projectId, ref.instanceId, ref.namespace, ref.policyId),
      );
      return ok({ executions: pageOf(all, window), total: all.length });
    }),
    route('ListInstanceSignPolicyExecTasks', `${POLICY_PATH}/executions/:execution_id/tasks`, (ctx) => {
      const ref = policyRef(ctx);
      const executionId = need('swr', pathInteger(param(ctx, 'execution_id'), 'execution_id'));
      const window = need('swr', swrPage(ctx.query, LIST_RULES));
      const all = found(
        'swr',
        world.listExecutionTasks(ref.projectId, ref.instanceId, ref.namespace, ref.policyId, executionId),
      );
      return ok({ tasks: pageOf(all, window), total: all.length });
    }),
    route('ListInstanceRegistries', '/v2/:project_id/instances/:instance_id/registries', (ctx) => {
      const window = need('swr', swrPage(ctx.query, LIST_RULES));
      need('swr', optionalEnum(ctx.query, 'order_column', ['created_at', 'updated_at', 'name']));
      need('swr', optionalEnum(ctx.query, 'order_type', ORDER_TYPES));
      const { projectId, instanceId } = ids(ctx);
      const filter = pickFilter(ctx.query, ['name', 'type', 'order_column', 'order_type'] as const);
      const all = found('swr', world.listSwrRegistries(projectId, instanceId, filter));
      return ok({ registries: pageOf(all, window), total: all.length });
    }),
    route('ShowInstanceRegistry', '/v2/:project_id/instances/:instance_id/registries/:registry_id', (ctx) => {
      const registryId = need('swr', pathInteger(param(ctx, 'registry_id'), 'registry_id'));
      const { projectId, instanceId } = ids(ctx);
      return ok(found('swr', world.getSwrRegistry(projectId, instanceId, registryId)));
    }),
  ];
}
