// SWR Enterprise image signing (docs §4.2, seeds 001, 004): policies, their executions, an execution's tasks.
// Paths and ids are checked before any request (even IAM's project lookup) is sent.

import type { ExecutionRef, PolicyRef } from '../api.js';
import type { CallOptions, ListOptions, StreamedListOptions } from '../call-options.js';
import type { SwrSignPolicy } from '../models.js';
import { SWR_PAGING } from '../pagination.js';
import {
  listSwrSignExecutionsBody,
  listSwrSignExecutionTasksBody,
  listSwrSignPoliciesBody,
} from '../schemas/swr.js';
import { getParsed, invalidArgument, listEndpoint, pageQuery, requireId, requireIntId } from './context.js';
import { defineOperation } from './operation.js';

export const SWR_API = 'https://support.huaweicloud.com/intl/en-us/api-swr2';
const SERVICE = 'swr';
const MAX_SWR_LIMIT = 100;

/** The path after `/v2/{project_id}` to a policy. */
function policySegments(ref: PolicyRef, operation: string): string[] {
  return [
    'instances',
    requireId(SERVICE, operation, 'instanceId', ref.instanceId),
    'namespaces',
    requireId(SERVICE, operation, 'namespace', ref.namespace),
    'signature',
    'policies',
    requireIntId(SERVICE, operation, 'policyId', ref.policyId),
  ];
}

/** SWR's rule for a raw page: limit 1..100, offset 0 or a multiple of limit (nothing sent otherwise). */
export function checkExecutionsPage(page: { offset: number; limit: number }, operation: string): void {
  const { offset, limit } = page;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_SWR_LIMIT) {
    throw invalidArgument(SERVICE, operation, `limit must be an integer from 1 to ${MAX_SWR_LIMIT}`);
  }
  if (!Number.isSafeInteger(offset) || offset < 0 || offset % limit !== 0) {
    throw invalidArgument(SERVICE, operation, 'offset must be 0 or a multiple of limit');
  }
}

/** Instance-wide: every namespace's policies. */
export const LIST_SIGN_POLICIES = defineOperation({
  service: SERVICE,
  name: 'ListInstanceSignPolicies',
  iamAction: 'swr:repository:listSignPolicies',
  iamSource: `${SWR_API}/swr_03_1201.html`,
  async run(ctx, args: { instanceId: string }, opts: StreamedListOptions<SwrSignPolicy>) {
    const iid = requireId(SERVICE, ctx.op.name, 'instanceId', args.instanceId);
    const pid = await ctx.projectId(opts);
    return listEndpoint(
      ctx,
      {
        path: ['v2', pid, 'instances', iid, 'signature', 'policies'],
        projectId: pid,
        rule: SWR_PAGING,
        body: listSwrSignPoliciesBody,
        keyOf: (p) => p.id,
      },
      opts,
    );
  },
});

/** One raw page (offset 0 or a multiple of limit, limit ≤ 100): the collector pages it itself, newest first. */
export const LIST_SIGN_EXECUTIONS = defineOperation({
  service: SERVICE,
  name: 'ListInstanceSignPolicyExecutions',
  iamAction: 'swr:repository:listSignPolicyExecutions',
  iamSource: `${SWR_API}/swr_03_1207.html`,
  async run(ctx, args: { ref: PolicyRef; page: { offset: number; limit: number } }, opts: CallOptions) {
    const operation = ctx.op.name;
    checkExecutionsPage(args.page, operation);
    const policy = policySegments(args.ref, operation);
    const pid = await ctx.projectId(opts);
    return getParsed(
      ctx,
      {
        path: ['v2', pid, ...policy, 'executions'],
        query: pageQuery(args.page),
        projectId: pid,
      },
      listSwrSignExecutionsBody,
      opts,
    );
  },
});

export const LIST_SIGN_EXEC_TASKS = defineOperation({
  service: SERVICE,
  name: 'ListInstanceSignPolicyExecTasks',
  iamAction: 'swr:repository:listSignPolicyExecTasks',
  iamSource: `${SWR_API}/swr_03_1208.html`,
  async run(ctx, ref: ExecutionRef, opts: ListOptions) {
    const operation = ctx.op.name;
    const policy = policySegments(ref, operation);
    const executionId = requireIntId(SERVICE, operation, 'executionId', ref.executionId);
    const pid = await ctx.projectId(opts);
    return listEndpoint(
      ctx,
      {
        path: ['v2', pid, ...policy, 'executions', executionId, 'tasks'],
        projectId: pid,
        rule: SWR_PAGING,
        body: listSwrSignExecutionTasksBody,
        keyOf: (t) => t.id,
      },
      opts,
    );
  },
});
