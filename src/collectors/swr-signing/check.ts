// swr_signing's reads for `check`: the first instance's first policy, its executions, and the tasks of its
// first execution, chained as the collector reads them, so a missing earlier permission leaves the later
// rows SKIP rather than hiding them.

import {
  LIST_SIGN_EXEC_TASKS,
  LIST_SIGN_EXECUTIONS,
  LIST_SIGN_POLICIES,
} from '../../huaweicloud/operations/swr.js';
import { type CheckReads, visible } from '../check-reads.js';
import { firstSwrInstance, NO_SWR_INSTANCE } from '../swr-instances.js';

export async function checkSigning(reads: CheckReads): Promise<void> {
  const { api, signal } = reads;
  const first = await firstSwrInstance(reads);
  let policy: { namespace: string; policyId: number } | undefined;
  let listed = false;
  if (first === undefined) reads.skip(LIST_SIGN_POLICIES, NO_SWR_INSTANCE);
  else {
    listed = await reads.step(LIST_SIGN_POLICIES, async () => {
      const listed = await api.swr.listSignPolicies(first, { maxItems: 1, signal });
      const p = listed.items[0];
      policy = p && { namespace: p.namespace_name, policyId: p.id };
      return visible(listed.total, 'signature polic(ies)');
    });
  }
  if (first === undefined || policy === undefined) {
    const why =
      listed || first === undefined ? 'no signature policy to read from' : 'needs ListInstanceSignPolicies';
    reads.skip(LIST_SIGN_EXECUTIONS, why);
    return;
  }
  const ref = { instanceId: first, namespace: policy.namespace, policyId: policy.policyId };
  let executionId: number | undefined;
  await reads.step(LIST_SIGN_EXECUTIONS, async () => {
    const page = await api.swr.listSignExecutionsPage(ref, { offset: 0, limit: 1 }, { signal });
    executionId = page.items[0]?.id;
    return visible(page.total ?? page.items.length, 'execution(s) of the first policy');
  });
  const id = executionId;
  if (id === undefined) reads.skip(LIST_SIGN_EXEC_TASKS, 'no execution to read from');
  else {
    await reads.step(LIST_SIGN_EXEC_TASKS, async () => {
      const tasks = await api.swr.listSignExecutionTasks(
        { ...ref, executionId: id },
        { maxItems: 1, signal },
      );
      return visible(tasks.total, 'task(s) of its first execution');
    });
  }
}
