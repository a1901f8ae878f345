// The IAM action behind every read the exporter makes, from the "Authorization Information" table of each
// API's page (identity policies, the new IAM). deploy/iam-policy.json lists exactly these (a unit test keeps
// it so), and `huaweicloud-exporter check` names the action when a call is refused with 403. Where Huawei's
// page gives no action for the new IAM, `source` says so and the name follows the service's own pattern:
// the README lists which are confirmed.

import type { CollectorName } from '../collectors/types.js';

export interface IamAction {
  service: 'swr' | 'hss' | 'apig' | 'roma' | 'iam';
  /** The client's operation name (as in huaweicloud_api_requests_total{operation}). */
  operation: string;
  action: string;
  /** Where Huawei documents the action; 'inferred' when no page was found to confirm it. */
  source: string;
}

const SWR_API = 'https://support.huaweicloud.com/intl/en-us/api-swr2';

/** Reads that every region makes, whatever is collected (project-id lookup when no project_id is set). */
export const PROJECT_ACTION: IamAction = {
  service: 'iam',
  operation: 'KeystoneListProjects',
  action: 'iam:projects:list',
  source: 'inferred',
};

const SWR_LIST_INSTANCES: IamAction = {
  service: 'swr',
  operation: 'ListInstance',
  action: 'swr:instance:list',
  source: `${SWR_API}/swr_03_0002.html`,
};

/** The reads each collector makes, in the order the check command tries them. */
export const COLLECTOR_ACTIONS: Readonly<Record<CollectorName, readonly IamAction[]>> = {
  swr_signing: [
    SWR_LIST_INSTANCES,
    {
      service: 'swr',
      operation: 'ListInstanceSignPolicies',
      action: 'swr:repository:listSignPolicies',
      source: `${SWR_API}/swr_03_1201.html`,
    },
    {
      service: 'swr',
      operation: 'ListInstanceSignPolicyExecutions',
      action: 'swr:repository:listSignPolicyExecutions',
      source: `${SWR_API}/swr_03_1207.html`,
    },
    {
      service: 'swr',
      operation: 'ListInstanceSignPolicyExecTasks',
      action: 'swr:repository:listSignPolicyExecTasks',
      source: `${SWR_API}/swr_03_1208.html`,
    },
  ],
  swr_registries: [
    SWR_LIST_INSTANCES,
    {
      service: 'swr',
      operation: 'ListInstanceRegistries',
      action: 'swr:instance:listRegistries',
      source: `${SWR_API}/swr_03_1102.html`,
    },
    {
      service: 'swr',
      operation: 'ShowInstanceRegistry',
      action: 'swr:instance:getRegistry',
      source: 'https://support.huaweicloud.com/api-swr2/ShowInstanceRegistry.html',
    },
  ],
  hss_registries: [
    // The new IAM needs no identity-policy action for ListRegistry (its page says so); the role/policy-based
    // IAM does, under a name its page does not give.
    { service: 'hss', operation: 'ListRegistry', action: 'hss:imageRepository:list', source: 'inferred' },
  ],
  apig_signature_keys: [
    { service: 'apig', operation: 'ListInstancesV2', action: 'apig:instances:list', source: 'inferred' },
    { service: 'apig', operation: 'ListSignatureKeysV2', action: 'apig:signs:list', source: 'inferred' },
    {
      service: 'roma',
      operation: 'CheckRomaInstanceListV2',
      action: 'roma:instances:list',
      source: 'inferred',
    },
    { service: 'roma', operation: 'ListSignatureKeysV2', action: 'roma:signs:list', source: 'inferred' },
  ],
};

/** The action a refused operation needed, from the table above. */
export function actionForOperation(
  service: string | undefined,
  operation: string | undefined,
): string | undefined {
  const all = [PROJECT_ACTION, ...Object.values(COLLECTOR_ACTIONS).flat()];
  return all.find((a) => a.service === service && a.operation === operation)?.action;
}

/** Every action of the given collectors plus the project lookup, sorted and without repeats. */
export function requiredActions(collectors: readonly CollectorName[]): string[] {
  const actions = new Set([PROJECT_ACTION.action]);
  for (const name of collectors) for (const a of COLLECTOR_ACTIONS[name]) actions.add(a.action);
  return [...actions].sort();
}
