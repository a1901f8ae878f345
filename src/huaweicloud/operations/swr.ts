// SWR Enterprise operations (docs §1, §4.1, §4.2, §4.5, §5). All lists page with SWR_PAGING: limit 100 and
// offset = page × limit, the only offsets SWR accepts.

import type {
  CallOptions,
  ExecutionRef,
  ListOptions,
  PolicyRef,
  StreamedListOptions,
  SwrApi,
} from '../api.js';
import type { SwrSignPolicy } from '../models.js';
import { SWR_PAGING } from '../pagination.js';
import {
  listSwrInstancesBody,
  listSwrRegistriesBody,
  listSwrSignExecutionsBody,
  listSwrSignExecutionTasksBody,
  listSwrSignPoliciesBody,
  showSwrRegistryBody,
} from '../schemas/swr.js';
import {
  fetchParsed,
  invalidArgument,
  listEndpoint,
  type OperationContext,
  pageQuery,
  requireId,
  requireIntId,
} from './context.js';
import { operationInfo } from './info.js';

const SWR_API = 'https://support.huaweicloud.com/intl/en-us/api-swr2';

export const LIST_INSTANCE = operationInfo({
  service: 'swr',
  name: 'ListInstance',
  iamAction: 'swr:instance:list',
  iamSource: `${SWR_API}/swr_03_0002.html`,
});

export const LIST_SIGN_POLICIES = operationInfo({
  service: 'swr',
  name: 'ListInstanceSignPolicies',
  iamAction: 'swr:repository:listSignPolicies',
  iamSource: `${SWR_API}/swr_03_1201.html`,
});

export const LIST_SIGN_EXECUTIONS = operationInfo({
  service: 'swr',
  name: 'ListInstanceSignPolicyExecutions',
  iamAction: 'swr:repository:listSignPolicyExecutions',
  iamSource: `${SWR_API}/swr_03_1207.html`,
});

export const LIST_SIGN_EXEC_TASKS = operationInfo({
  service: 'swr',
  name: 'ListInstanceSignPolicyExecTasks',
  iamAction: 'swr:repository:listSignPolicyExecTasks',
  iamSource: `${SWR_API}/swr_03_1208.html`,
});

export const LIST_REGISTRIES = operationInfo({
  service: 'swr',
  name: 'ListInstanceRegistries',
  iamAction: 'swr:instance:listRegistries',
  iamSource: `${SWR_API}/swr_03_1102.html`,
});

export const SHOW_REGISTRY = operationInfo({
  service: 'swr',
  name: 'ShowInstanceRegistry',
  iamAction: 'swr:instance:getRegistry',
  iamSource: 'https://support.huaweicloud.com/api-swr2/ShowInstanceRegistry.html',
});

const SERVICE = 'swr';
const MAX_SWR_LIMIT = 100;

/** The path after `/v2/{project_id}` to a policy; ids are checked before any request (even IAM's) is sent. */
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

function checkExecutionsPage(page: { offset: number; limit: number }, operation: string): void {
  const { offset, limit } = page;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_SWR_LIMIT) {
    throw invalidArgument(SERVICE, operation, `limit must be an integer from 1 to ${MAX_SWR_LIMIT}`);
  }
  if (!Number.isSafeInteger(offset) || offset < 0 || offset % limit !== 0) {
    throw invalidArgument(SERVICE, operation, 'offset must be 0 or a multiple of limit');
  }
}

export function createSwrOperations(ctx: OperationContext): SwrApi {
  return {
    async listInstances(opts: ListOptions & { status?: string } = {}) {
      const pid = await ctx.projectId(opts);
      return listEndpoint(
        ctx,
        {
          service: SERVICE,
          operation: 'ListInstance',
          path: ['v2', pid, 'instances'],
          projectId: pid,
          rule: SWR_PAGING,
          body: listSwrInstancesBody,
          keyOf: (i) => i.id,
          filter: opts.status === undefined ? [] : [['status', opts.status]],
        },
        opts,
      );
    },

    async listSignPolicies(instanceId: string, opts: StreamedListOptions<SwrSignPolicy> = {}) {
      const operation = 'ListInstanceSignPolicies';
      const iid = requireId(SERVICE, operation, 'instanceId', instanceId);
      const pid = await ctx.projectId(opts);
      return listEndpoint(
        ctx,
        {
          service: SERVICE,
          operation,
          path: ['v2', pid, 'instances', iid, 'signature', 'policies'],
          projectId: pid,
          rule: SWR_PAGING,
          body: listSwrSignPoliciesBody,
          keyOf: (p) => p.id,
        },
        opts,
      );
    },

    async listSignExecutionsPage(
      ref: PolicyRef,
      page: { offset: number; limit: number },
      opts: CallOptions = {},
    ) {
      const operation = 'ListInstanceSignPolicyExecutions';
      checkExecutionsPage(page, operation);
      const policy = policySegments(ref, operation);
      const pid = await ctx.projectId(opts);
      const path = ['v2', pid, ...policy, 'executions'];
      return fetchParsed(
        ctx.transport,
        {
          service: SERVICE,
          operation,
          method: 'GET',
          path,
          query: pageQuery(page),
          projectId: pid,
          signal: opts.signal,
        },
        listSwrSignExecutionsBody,
        ctx.degraded,
      );
    },

    async listSignExecutionTasks(ref: ExecutionRef, opts: ListOptions = {}) {
      const operation = 'ListInstanceSignPolicyExecTasks';
      const policy = policySegments(ref, operation);
      const executionId = requireIntId(SERVICE, operation, 'executionId', ref.executionId);
      const pid = await ctx.projectId(opts);
      return listEndpoint(
        ctx,
        {
          service: SERVICE,
          operation,
          path: ['v2', pid, ...policy, 'executions', executionId, 'tasks'],
          projectId: pid,
          rule: SWR_PAGING,
          body: listSwrSignExecutionTasksBody,
          keyOf: (t) => t.id,
        },
        opts,
      );
    },

    async listRegistries(instanceId: string, opts: ListOptions = {}) {
      const operation = 'ListInstanceRegistries';
      const iid = requireId(SERVICE, operation, 'instanceId', instanceId);
      const pid = await ctx.projectId(opts);
      return listEndpoint(
        ctx,
        {
          service: SERVICE,
          operation,
          path: ['v2', pid, 'instances', iid, 'registries'],
          projectId: pid,
          rule: SWR_PAGING,
          body: listSwrRegistriesBody,
          keyOf: (r) => r.id,
        },
        opts,
      );
    },

    async showRegistry(instanceId: string, registryId: number, opts: CallOptions = {}) {
      const operation = 'ShowInstanceRegistry';
      const iid = requireId(SERVICE, operation, 'instanceId', instanceId);
      const rid = requireIntId(SERVICE, operation, 'registryId', registryId);
      const pid = await ctx.projectId(opts);
      return fetchParsed(
        ctx.transport,
        {
          service: SERVICE,
          operation,
          method: 'GET',
          path: ['v2', pid, 'instances', iid, 'registries', rid],
          projectId: pid,
          signal: opts.signal,
        },
        showSwrRegistryBody,
        ctx.degraded,
      );
    },
  };
}
