// Keeps the simulated estate moving under a running exporter, through the simulator's control API (so the
// simulator may run in another process): registries come and go and change health, signature keys are
// created and deleted, policies appear and vanish, signing executions start and finish, the world clock
// advances. Each step removes what the step three before it added, so the estate stays the same size and
// growth in the exporter's memory is the exporter's own.

interface Snapshot {
  project: { id: string };
  swr: Array<{
    instance: { id: string; status: string };
    policies: Array<{ policy: { id: number; namespace_name: string } }>;
  }>;
  apig: Array<{ instance: { id: string } }>;
}

interface RegionEstate {
  projectId: string;
  instanceId: string;
  namespace: string;
  policyId: number;
  gatewayId: string | undefined;
  openExecution: number | undefined;
}

export interface EstateChurn {
  /** One round of changes in every region. */
  step(): Promise<void>;
  readonly steps: number;
}

const KEEP = 3;

export async function churnEstate(simulatorUrl: string): Promise<EstateChurn> {
  const control = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${simulatorUrl}/_sim${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`estate churn: ${method} ${path}: ${String(json.error)}`);
    return json;
  };
  const snapshot = (await control('GET', '/world/snapshot')) as unknown as Snapshot[];
  const regions: RegionEstate[] = snapshot
    .filter((p) => p.swr.some((i) => i.instance.status === 'Running' && i.policies.length > 0))
    .map((p) => {
      const swr = p.swr.find((i) => i.instance.status === 'Running' && i.policies.length > 0);
      const policy = swr?.policies[0]?.policy;
      if (swr === undefined || policy === undefined) throw new Error('estate churn: no policy');
      return {
        projectId: p.project.id,
        instanceId: swr.instance.id,
        namespace: policy.namespace_name,
        policyId: policy.id,
        gatewayId: p.apig[0]?.instance.id,
        openExecution: undefined,
      };
    });
  if (regions.length === 0)
    throw new Error('estate churn: no region with a Running SWR instance and a policy');
  const added: Array<Array<() => Promise<unknown>>> = [];
  let steps = 0;

  const stepRegion = async (r: RegionEstate, undo: Array<() => Promise<unknown>>) => {
    const swr = `/world/${r.projectId}/swr/${r.instanceId}`;
    const registry = await control('POST', `${swr}/registries`, { name: `churn-${steps}` });
    await control('PUT', `${swr}/registries/${registry.id}/status`, {
      status: steps % 2 ? 'unhealthy' : 'healthy',
    });
    undo.push(() => control('DELETE', `${swr}/registries/${registry.id}`));
    const hss = await control('POST', `/world/${r.projectId}/hss/registries`, {
      registry_name: `churn-${steps}`,
    });
    undo.push(() => control('DELETE', `/world/${r.projectId}/hss/registries/${hss.id}`));
    if (r.gatewayId !== undefined) {
      const keys = `/world/${r.projectId}/apig/${r.gatewayId}/keys`;
      const key = await control('POST', keys, { name: `churn_${steps}` });
      undo.push(() => control('DELETE', `${keys}/${key.id}`));
    }
    const policy = await control('POST', `${swr}/policies`, {
      namespace_name: r.namespace,
      name: `churn-${steps}`,
    });
    undo.push(() => control('DELETE', `${swr}/policies/${policy.id}`));
    // One execution in progress at a time on a long-lived policy: finish the last, start the next.
    const executions = `${swr}/policies/${r.policyId}/executions`;
    if (r.openExecution !== undefined) {
      await control('POST', `${executions}/${r.openExecution}/finish`, {
        status: steps % 3 ? 'Succeed' : 'Failed',
      });
    }
    const execution = await control('POST', executions, {
      status: 'InProgress',
      tasks: [{ status: 'Running' }, { status: 'Success' }, { status: steps % 4 ? 'Success' : 'Error' }],
    });
    r.openExecution = execution.id as number;
  };

  return {
    async step() {
      steps += 1;
      const undo: Array<() => Promise<unknown>> = [];
      for (const r of regions) await stepRegion(r, undo);
      added.push(undo);
      if (added.length > KEEP) for (const remove of added.shift() ?? []) await remove();
      await control('POST', '/time/tick', { seconds: 60 });
    },
    get steps() {
      return steps;
    },
  };
}
