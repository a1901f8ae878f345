// What the collectors see of Huawei Cloud: typed operations for one region, nothing about URLs, signing or
// retries. The client (client.ts) implements it; tests may implement it with fakes.

import type { CallOptions, Listed, ListOptions, StreamedListOptions } from './call-options.js';
import type {
  ApigInstance,
  Gateway,
  HssRegistry,
  Page,
  SignatureKey,
  SwrInstance,
  SwrRegistry,
  SwrSignExecution,
  SwrSignExecutionTask,
  SwrSignPolicy,
} from './models.js';
import type { Operation } from './operations/operation.js';

export type { CallOptions, Listed, ListOptions, StreamedListOptions } from './call-options.js';

export interface PolicyRef {
  instanceId: string;
  namespace: string;
  policyId: number;
}

export interface ExecutionRef extends PolicyRef {
  executionId: number;
}

export interface SwrApi {
  /** ListInstance; `status` narrows server-side (e.g. 'Running'). */
  listInstances(opts?: ListOptions & { status?: string }): Promise<Listed<SwrInstance>>;
  /** ListInstanceSignPolicies: instance-wide, every namespace. */
  listSignPolicies(
    instanceId: string,
    opts?: StreamedListOptions<SwrSignPolicy>,
  ): Promise<Listed<SwrSignPolicy>>;
  /** One raw page of ListInstanceSignPolicyExecutions (offset must be 0 or a multiple of limit, limit ≤ 100). */
  listSignExecutionsPage(
    ref: PolicyRef,
    page: { offset: number; limit: number },
    opts?: CallOptions,
  ): Promise<Page<SwrSignExecution>>;
  /** ListInstanceSignPolicyExecTasks, all pages. */
  listSignExecutionTasks(ref: ExecutionRef, opts?: ListOptions): Promise<Listed<SwrSignExecutionTask>>;
  /** ListInstanceRegistries, all pages. */
  listRegistries(instanceId: string, opts?: ListOptions): Promise<Listed<SwrRegistry>>;
  /** ShowInstanceRegistry. */
  showRegistry(instanceId: string, registryId: number, opts?: CallOptions): Promise<SwrRegistry>;
}

export interface HssApi {
  /** HSS v5 ListRegistry, all pages. */
  listRegistries(
    opts?: ListOptions & { enterpriseProjectId?: string | undefined },
  ): Promise<Listed<HssRegistry>>;
}

export interface ApigApi {
  /** APIG ListInstancesV2 (gateway 'apig') or ROMA instance list (gateway 'roma'). */
  listInstances(gateway: Gateway, opts?: ListOptions): Promise<Listed<ApigInstance>>;
  /** ListSignatureKeysV2 on `apigw` (APIG) or `apic` (ROMA) paths. */
  listSignatureKeys(gateway: Gateway, instanceId: string, opts?: ListOptions): Promise<Listed<SignatureKey>>;
}

export interface RegionApi {
  readonly region: string;
  readonly swr: SwrApi;
  readonly hss: HssApi;
  readonly apig: ApigApi;
  /** The project id in use (configured, or resolved through IAM and cached). */
  projectId(opts?: CallOptions): Promise<string>;
  /**
   * Calls any operation value (operations/*.ts, defineOperation): a new operation needs its own module only,
   * no method here. The typed methods above are such calls too.
   */
  run<A, R, O extends CallOptions = CallOptions>(op: Operation<A, R, O>, args: A, opts?: O): Promise<R>;
}
