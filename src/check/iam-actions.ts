// The IAM action behind every read the exporter makes: each operation file declares its own (see
// huaweicloud/operations/info.ts), each collector's descriptor lists the operations it calls.
// deploy/iam-policy.json lists exactly these (a unit test keeps it so), and `huaweicloud-exporter check` names the action when a call is refused with 403. Where Huawei's
// page gives no action for the new IAM, `source` says so and the name follows the service's own pattern:
// the README lists which are confirmed.

import { COLLECTORS, type CollectorName } from '../collectors/index.js';
import type { OperationInfo } from '../huaweicloud/operations/info.js';
import { KEYSTONE_LIST_PROJECTS } from '../huaweicloud/operations/project.js';

export interface IamAction {
  service: OperationInfo['service'];
  /** The client's operation name (as in huaweicloud_api_requests_total{operation}). */
  operation: string;
  action: string;
  /** Where Huawei documents the action; 'inferred' when no page was found to confirm it. */
  source: string;
}

const action = (op: OperationInfo): IamAction => ({
  service: op.service,
  operation: op.name,
  action: op.iamAction,
  source: op.iamSource,
});

/** Reads that every region makes, whatever is collected (project-id lookup when no project_id is set). */
export const PROJECT_ACTION: IamAction = action(KEYSTONE_LIST_PROJECTS);

/** The reads each collector makes, in the order the check command tries them. */
export const COLLECTOR_ACTIONS = Object.fromEntries(
  COLLECTORS.map((d) => [d.name, d.operations.map(action)]),
) as unknown as Readonly<Record<CollectorName, readonly IamAction[]>>;

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
