// SWR Enterprise image retention (clean-up) policies (docs/apis/swr-replication.md): an instance's retention
// policies, one policy's executions (raw pages: the collector finds the latest at either end) and the tasks
// of one execution. A policy belongs to a namespace, whose name addresses its executions.

import type { CallOptions, ListOptions, StreamedListOptions } from '../call-options.js';
import { SWR_PAGING } from '../pagination.js';
import {
  listSwrRetentionExecutionsBody,
  listSwrRetentionPoliciesBody,
  listSwrRetentionTasksBody,
  type SwrRetentionPolicy,
} from '../schemas/swr-retention.js';
import { getParsed, listEndpoint, pageQuery, requireId, requireIntId } from './context.js';
import { defineOperation } from './operation.js';
import { checkExecutionsPage, SWR_API } from './swr-signing.js';

const SERVICE = 'swr';

/** A retention policy: its instance, namespace and id. */
export interface RetentionRef {
  instanceId: string;
  namespace: string;
  policyId: number;
}

function policySegments(ref: RetentionRef, operation: string): string[] {
  return [
    'instances',
    requireId(SERVICE, operation, 'instanceId', ref.instanceId),
    'namespaces',
    requireId(SERVICE, operation, 'namespace', ref.namespace),
    'retention',
    'policies',
    requireIntId(SERVICE, operation, 'policyId', ref.policyId),
  ];
}

export const LIST_RETENTION_POLICIES = defineOperation({
  service: SERVICE,
  name: 'ListInstanceRetentionPolicies',
  iamAction: 'swr:repository:listRetentionPolicies',
  iamSource: `${SWR_API}/swr_03_1302.html`,
  async run(ctx, args: { instanceId: string }, opts: StreamedListOptions<SwrRetentionPolicy>) {
    const iid = requireId(SERVICE, ctx.op.name, 'instanceId', args.instanceId);
    const pid = await ctx.projectId(opts);
    return listEndpoint(
      ctx,
      {
        path: ['v2', pid, 'instances', iid, 'retention', 'policies'],
        projectId: pid,
        rule: SWR_PAGING,
        body: listSwrRetentionPoliciesBody,
        keyOf: (p) => p.id,
      },
      opts,
    );
  },
});

/** One raw page of one policy's executions (offset 0 or a multiple of limit, limit ≤ 100). */
export const LIST_RETENTION_EXECUTIONS = defineOperation({
  service: SERVICE,
  name: 'ListInstanceRetentionPolicyExecutions',
  iamAction: 'swr:repository:listRetentionPolicyExecutions',
  iamSource: `${SWR_API}/swr_03_1307.html`,
  async run(ctx, args: { ref: RetentionRef; page: { offset: number; limit: number } }, opts: CallOptions) {
    const operation = ctx.op.name;
    checkExecutionsPage(args.page, operation);
    const policy = policySegments(args.ref, operation);
    const pid = await ctx.projectId(opts);
    return getParsed(
      ctx,
      { path: ['v2', pid, ...policy, 'executions'], query: pageQuery(args.page), projectId: pid },
      listSwrRetentionExecutionsBody,
      opts,
    );
  },
});

export const LIST_RETENTION_EXEC_TASKS = defineOperation({
  service: SERVICE,
  name: 'ListInstanceRetentionPolicyExecTasks',
  iamAction: 'swr:repository:listRetentionPolicyExecTasks',
  iamSource: `${SWR_API}/swr_03_1308.html`,
  async run(ctx, args: { ref: RetentionRef; executionId: number }, opts: ListOptions) {
    const operation = ctx.op.name;
    const policy = policySegments(args.ref, operation);
    const executionId = requireIntId(SERVICE, operation, 'executionId', args.executionId);
    const pid = await ctx.projectId(opts);
    return listEndpoint(
      ctx,
      {
        path: ['v2', pid, ...policy, 'executions', executionId, 'tasks'],
        projectId: pid,
        rule: SWR_PAGING,
        body: listSwrRetentionTasksBody,
        keyOf: (t) => t.id,
      },
      opts,
    );
  },
});
