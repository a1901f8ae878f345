// The SWR Enterprise reads of the check: instances, then signature policies → executions → tasks of the first
// one, and the replication registries (one by one with ShowInstanceRegistry when the config lists them).

import type { CollectorName } from '../collectors/types.js';
import type { RegionApi } from '../huaweicloud/api.js';
import { visible as items, type Region } from './region-rows.js';

export async function checkSwr(r: Region, api: RegionApi, collectors: CollectorName[], signal: AbortSignal) {
  const signing = collectors.includes('swr_signing');
  const registries = collectors.includes('swr_registries');
  if (!signing && !registries) return;
  const owner: CollectorName = signing ? 'swr_signing' : 'swr_registries';
  let instanceId = r.config.swr.instances?.[0];
  if (instanceId === undefined) {
    await r.step(owner, 'ListInstance', 'swr', async () => {
      const listed = await api.swr.listInstances({ status: 'Running', maxItems: 1, signal });
      instanceId = listed.items[0]?.id;
      return items(listed.total, 'Running instance(s)');
    });
  }
  const first = instanceId;
  const none = 'no SWR Enterprise instance to read from';
  if (signing) {
    let policy: { namespace: string; policyId: number } | undefined;
    let listed = false;
    if (first === undefined) r.skip('swr_signing', 'ListInstanceSignPolicies', none);
    else {
      listed = await r.step('swr_signing', 'ListInstanceSignPolicies', 'swr', async () => {
        const listed = await api.swr.listSignPolicies(first, { maxItems: 1, signal });
        const p = listed.items[0];
        policy = p && { namespace: p.namespace_name, policyId: p.id };
        return items(listed.total, 'signature polic(ies)');
      });
    }
    if (first === undefined || policy === undefined) {
      const why =
        listed || first === undefined ? 'no signature policy to read from' : 'needs ListInstanceSignPolicies';
      r.skip('swr_signing', 'ListInstanceSignPolicyExecutions', why);
    } else {
      const ref = { instanceId: first, namespace: policy.namespace, policyId: policy.policyId };
      let executionId: number | undefined;
      await r.step('swr_signing', 'ListInstanceSignPolicyExecutions', 'swr', async () => {
        const page = await api.swr.listSignExecutionsPage(ref, { offset: 0, limit: 1 }, { signal });
        executionId = page.items[0]?.id;
        return items(page.total ?? page.items.length, 'execution(s) of the first policy');
      });
      const id = executionId;
      if (id === undefined)
        r.skip('swr_signing', 'ListInstanceSignPolicyExecTasks', 'no execution to read from');
      else {
        await r.step('swr_signing', 'ListInstanceSignPolicyExecTasks', 'swr', async () => {
          const tasks = await api.swr.listSignExecutionTasks(
            { ...ref, executionId: id },
            { maxItems: 1, signal },
          );
          return items(tasks.total, 'task(s) of its first execution');
        });
      }
    }
  }
  const listedRegistry = r.config.swr.registries?.[0];
  if (registries && listedRegistry !== undefined) {
    // Registries named in the config are read one by one, as the collector does.
    const { instance_id: instanceId, registry_id: registryId } = listedRegistry;
    await r.step('swr_registries', 'ShowInstanceRegistry', 'swr', async () => {
      const registry = await api.swr.showRegistry(instanceId, registryId, { signal });
      return `registry ${registry.id} is ${registry.status}`;
    });
  } else if (registries) {
    if (first === undefined) r.skip('swr_registries', 'ListInstanceRegistries', none);
    else {
      await r.step('swr_registries', 'ListInstanceRegistries', 'swr', async () => {
        const listed = await api.swr.listRegistries(first, { maxItems: 1, signal });
        return items(listed.total, 'replication registr(ies)');
      });
    }
  }
}
