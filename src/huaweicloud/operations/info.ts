// What is known about an operation besides how to call it: the service and Huawei's operation name (as in
// huaweicloud_api_requests_total{operation}) and the IAM action a call needs, from the "Authorization
// Information" table of the API's page. Each operation file declares its own; the collectors' descriptors list
// the ones they call, and `check` and deploy/iam-policy.json are derived from those lists. An operation whose
// quota Huawei documents declares its call budget here too (docs/quotas.md), so no other file lists it.

import type { ServiceName } from '../observer.js';
import type { CallBudget } from '../options.js';

export interface OperationInfo {
  readonly service: ServiceName;
  /** Huawei's operation name. */
  readonly name: string;
  /** The IAM action (identity policies, the new IAM) a call needs. */
  readonly iamAction: string;
  /** Where Huawei documents the action; 'inferred' when no page was found to confirm it. */
  readonly iamSource: string;
  /**
   * The default call budget of this operation when Huawei documents its quota; without it the service's
   * default applies (http/settings.ts DEFAULT_BUDGETS). Configured limits override either, key by key.
   */
  readonly budget?: CallBudget | undefined;
}

export function operationInfo(info: OperationInfo): OperationInfo {
  return Object.freeze({ ...info });
}
