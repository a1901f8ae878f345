// What the collectors see of Huawei Cloud: typed operations for one region, nothing about URLs, signing or
// retries. The client (client.ts) implements it; tests may implement it with fakes.

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

export interface CallOptions {
  /** Aborts every request of the operation (the scrape deadline flows in here). */
  signal?: AbortSignal | undefined;
}

export interface ListOptions extends CallOptions {
  /** Stop after this many items even if the API has more (the result's `total` still says how many exist). */
  maxItems?: number | undefined;
}

export interface StreamedListOptions<T> extends ListOptions {
  /**
   * Called with each page's new items (duplicates dropped, maxItems respected) as soon as that page has been
   * handled, in list order, so a caller can start on them before the last page arrives. The promise still
   * resolves with the whole list; a list that fails afterwards has already passed some items here.
   */
  onItems?: ((items: readonly T[]) => void) | undefined;
}

export interface PolicyRef {
  instanceId: string;
  namespace: string;
  policyId: number;
}

export interface ExecutionRef extends PolicyRef {
  executionId: number;
}

/** A whole list read across pages: every item (up to maxItems) and the API's last reported total. */
export interface Listed<T> {
  items: T[];
  total: number;
  /** True when maxItems cut the list short. */
  truncated: boolean;
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
}
