// SWR Enterprise image replication (docs/apis/swr-replication.md): an instance's replication policies, the
// executions of one policy (raw pages: the collector finds the latest at either end of the list) and the
// tasks of one execution. Ids are checked before any request (even IAM's project lookup) is sent.

import type { CallOptions, ListOptions, StreamedListOptions } from '../call-options.js';
import { SWR_PAGING } from '../pagination.js';
import {
  listSwrReplicationExecutionsBody,
  listSwrReplicationPoliciesBody,
  listSwrReplicationTasksBody,
  type SwrReplicationPolicy,
} from '../schemas/swr-replication.js';
import { getParsed, listEndpoint, pageQuery, requireId, requireIntId } from './context.js';
import { defineOperation } from './operation.js';
import { checkExecutionsPage, SWR_API } from './swr-signing.js';

const SERVICE = 'swr';

function replicationSegments(instanceId: string, operation: string): string[] {
  return ['instances', requireId(SERVICE, operation, 'instanceId', instanceId), 'replication'];
}

export const LIST_REPLICATION_POLICIES = defineOperation({
  service: SERVICE,
  name: 'ListInstanceReplicationPolicies',
  iamAction: 'swr:instance:listReplicationPolicies',
  iamSource: `${SWR_API}/swr_03_1107.html`,
  async run(ctx, args: { instanceId: string }, opts: StreamedListOptions<SwrReplicationPolicy>) {
    const segments = replicationSegments(args.instanceId, ctx.op.name);
    const pid = await ctx.projectId(opts);
    return listEndpoint(
      ctx,
      {
        path: ['v2', pid, ...segments, 'policies'],
        projectId: pid,
        rule: SWR_PAGING,
        body: listSwrReplicationPoliciesBody,
        keyOf: (p) => p.id,
      },
      opts,
    );
  },
});

/** One raw page of one policy's executions (offset 0 or a multiple of limit, limit ≤ 100). */
export const LIST_REPLICATION_EXECUTIONS = defineOperation({
  service: SERVICE,
  name: 'ListInstanceReplicationPolicyExecutions',
  iamAction: 'swr:instance:listReplicationPolicyExecutions',
  iamSource: `${SWR_API}/swr_03_1112.html`,
  async run(
    ctx,
    args: { instanceId: string; policyId: number; page: { offset: number; limit: number } },
    opts: CallOptions,
  ) {
    const operation = ctx.op.name;
    checkExecutionsPage(args.page, operation);
    const segments = replicationSegments(args.instanceId, operation);
    const policyId = requireIntId(SERVICE, operation, 'policyId', args.policyId);
    const pid = await ctx.projectId(opts);
    return getParsed(
      ctx,
      {
        path: ['v2', pid, ...segments, 'executions'],
        query: pageQuery(args.page, [['policy_id', policyId]]),
        projectId: pid,
      },
      listSwrReplicationExecutionsBody,
      opts,
    );
  },
});

export const LIST_REPLICATION_EXEC_TASKS = defineOperation({
  service: SERVICE,
  name: 'ListInstanceReplicationPolicyExecTasks',
  iamAction: 'swr:instance:listReplicationPolicyExecTasks',
  iamSource: `${SWR_API}/swr_03_1114.html`,
  async run(ctx, args: { instanceId: string; executionId: number }, opts: ListOptions) {
    const operation = ctx.op.name;
    const segments = replicationSegments(args.instanceId, operation);
    const executionId = requireIntId(SERVICE, operation, 'executionId', args.executionId);
    const pid = await ctx.projectId(opts);
    return listEndpoint(
      ctx,
      {
        path: ['v2', pid, ...segments, 'executions', executionId, 'tasks'],
        projectId: pid,
        rule: SWR_PAGING,
        body: listSwrReplicationTasksBody,
        keyOf: (t) => t.id,
      },
      opts,
    );
  },
});
