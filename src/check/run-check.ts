// `huaweicloud-exporter check`: for each region, resolve credentials and the project id, then make one cheap
// read (one item) per operation each enabled collector depends on, and report every outcome as a row.
// Reads are chained like the collectors' (instances → policies → executions), so a missing earlier permission
// leaves the later rows SKIP rather than hiding them.

import { hssEnterpriseProject } from '../collectors/hss-registries.js';
import { COLLECTORS, type CollectorName } from '../collectors/index.js';
import { clientOptionsFor, type LoadedConfig, type RegionConfig, regionTargetOptions } from '../config.js';
import type { RegionApi } from '../huaweicloud/api.js';
import { createRegionApi } from '../huaweicloud/client.js';
import { COLLECTOR_ACTIONS, PROJECT_ACTION } from './iam-actions.js';
import { type CheckRow, visible as items, Region } from './region-rows.js';
import { checkSwr } from './swr-checks.js';

export type { CheckRow };

export interface CheckOptions {
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Bound on each region's whole check. */
  timeoutMs?: number | undefined;
}

/** The collectors the exporter would run in the region: switched on, and collecting in its target. */
function enabledCollectors(loaded: LoadedConfig, region: RegionConfig): CollectorName[] {
  const target = regionTargetOptions(region);
  return COLLECTORS.filter((d) => loaded.config.collectors[d.name].enabled && d.collectsIn(target)).map(
    (d) => d.name,
  );
}

async function checkRegion(loaded: LoadedConfig, r: Region, signal: AbortSignal): Promise<void> {
  let api: (RegionApi & { close(): Promise<void> }) | undefined;
  const ok = await r.step('-', 'credentials', 'iam', async () => {
    api = await createRegionApi(clientOptionsFor(loaded, r.config, { env: r.env }));
    return 'resolved';
  });
  if (!ok || api === undefined) return;
  const client = api;
  try {
    const project = r.config.project_id === undefined ? PROJECT_ACTION.operation : 'project id';
    if (!(await r.step('-', project, 'iam', () => client.projectId({ signal })))) return;
    const collectors = enabledCollectors(loaded, r.config);
    await checkSwr(r, client, collectors, signal);
    if (collectors.includes('hss_registries')) {
      // The same enterprise projects the collector reads, or the count shown would not be what it exports.
      const enterpriseProjectId = hssEnterpriseProject(r.config.hss.enterprise_project_id);
      await r.step('hss_registries', 'ListRegistry', 'hss', async () => {
        const listed = await client.hss.listRegistries({ maxItems: 1, enterpriseProjectId, signal });
        return items(listed.total, 'registr(ies)');
      });
    }
    if (collectors.includes('apig_signature_keys')) {
      const gateway = r.config.apig.gateway;
      const [instances, keys] = COLLECTOR_ACTIONS.apig_signature_keys.filter((a) => a.service === gateway);
      let instanceId = r.config.apig.instances?.[0];
      if (instanceId === undefined && instances) {
        await r.step('apig_signature_keys', instances.operation, gateway, async () => {
          const listed = await client.apig.listInstances(gateway, { maxItems: 1, signal });
          instanceId = listed.items[0]?.id;
          return items(listed.total, `${gateway} instance(s)`);
        });
      }
      const id = instanceId;
      const keysOperation = keys?.operation ?? 'ListSignatureKeysV2';
      if (id === undefined)
        r.skip('apig_signature_keys', keysOperation, `no ${gateway} instance to read from`);
      else {
        await r.step('apig_signature_keys', keysOperation, gateway, async () => {
          const listed = await client.apig.listSignatureKeys(gateway, id, { maxItems: 1, signal });
          return items(listed.total, 'signature key(s) on the first instance');
        });
      }
    }
  } finally {
    await client.close();
  }
}

/** Checks every region of the config; rows in region order, then the order the reads were made. */
export async function runCheck(loaded: LoadedConfig, options: CheckOptions = {}): Promise<CheckRow[]> {
  const env = options.env ?? process.env;
  const regions = loaded.config.regions.map((config) => new Region(config, env));
  await Promise.all(
    regions.map((r) => checkRegion(loaded, r, AbortSignal.timeout(options.timeoutMs ?? 30_000))),
  );
  return regions.flatMap((r) => r.rows);
}
