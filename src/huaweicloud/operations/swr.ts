// SWR Enterprise operations (docs §1, §4.1, §4.5, §5): instances and registries here, image signing in
// swr-signing.ts. All lists page with SWR_PAGING: limit 100 and offset = page × limit, the only offsets SWR
// accepts. SWR documents no quota for these APIs, so they run on the service's budget (docs/quotas.md).

import type { SwrApi } from '../api.js';
import type { ListOptions } from '../call-options.js';
import { SWR_PAGING } from '../pagination.js';
import { listSwrInstancesBody, listSwrRegistriesBody, showSwrRegistryBody } from '../schemas/swr.js';
import { getParsed, listEndpoint, requireId, requireIntId } from './context.js';
import { defineOperation, type RunOperation } from './operation.js';
import { LIST_SIGN_EXEC_TASKS, LIST_SIGN_EXECUTIONS, LIST_SIGN_POLICIES, SWR_API } from './swr-signing.js';

export { LIST_SIGN_EXEC_TASKS, LIST_SIGN_EXECUTIONS, LIST_SIGN_POLICIES };

export const LIST_INSTANCE = defineOperation({
  service: 'swr',
  name: 'ListInstance',
  iamAction: 'swr:instance:list',
  iamSource: `${SWR_API}/swr_03_0002.html`,
  /** `status` narrows server-side (e.g. 'Running'). */
  async run(ctx, args: { status?: string | undefined }, opts: ListOptions) {
    const pid = await ctx.projectId(opts);
    return listEndpoint(
      ctx,
      {
        path: ['v2', pid, 'instances'],
        projectId: pid,
        rule: SWR_PAGING,
        body: listSwrInstancesBody,
        keyOf: (i) => i.id,
        filter: args.status === undefined ? [] : [['status', args.status]],
      },
      opts,
    );
  },
});

export const LIST_REGISTRIES = defineOperation({
  service: 'swr',
  name: 'ListInstanceRegistries',
  iamAction: 'swr:instance:listRegistries',
  iamSource: `${SWR_API}/swr_03_1102.html`,
  async run(ctx, args: { instanceId: string }, opts: ListOptions) {
    const iid = requireId('swr', ctx.op.name, 'instanceId', args.instanceId);
    const pid = await ctx.projectId(opts);
    return listEndpoint(
      ctx,
      {
        path: ['v2', pid, 'instances', iid, 'registries'],
        projectId: pid,
        rule: SWR_PAGING,
        body: listSwrRegistriesBody,
        keyOf: (r) => r.id,
      },
      opts,
    );
  },
});

export const SHOW_REGISTRY = defineOperation({
  service: 'swr',
  name: 'ShowInstanceRegistry',
  iamAction: 'swr:instance:getRegistry',
  iamSource: 'https://support.huaweicloud.com/api-swr2/ShowInstanceRegistry.html',
  async run(ctx, args: { instanceId: string; registryId: number }, opts) {
    const iid = requireId('swr', ctx.op.name, 'instanceId', args.instanceId);
    const rid = requireIntId('swr', ctx.op.name, 'registryId', args.registryId);
    const pid = await ctx.projectId(opts);
    const path = ['v2', pid, 'instances', iid, 'registries', rid];
    return getParsed(ctx, { path, projectId: pid }, showSwrRegistryBody, opts);
  },
});

/** The typed SwrApi methods, each one call of an operation value. */
export function createSwrOperations(run: RunOperation): SwrApi {
  return {
    listInstances: (opts = {}) => run(LIST_INSTANCE, { status: opts.status }, opts),
    listSignPolicies: (instanceId, opts = {}) => run(LIST_SIGN_POLICIES, { instanceId }, opts),
    listSignExecutionsPage: (ref, page, opts = {}) => run(LIST_SIGN_EXECUTIONS, { ref, page }, opts),
    listSignExecutionTasks: (ref, opts = {}) => run(LIST_SIGN_EXEC_TASKS, ref, opts),
    listRegistries: (instanceId, opts = {}) => run(LIST_REGISTRIES, { instanceId }, opts),
    showRegistry: (instanceId, registryId, opts = {}) => run(SHOW_REGISTRY, { instanceId, registryId }, opts),
  };
}
