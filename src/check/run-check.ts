// `huaweicloud-exporter check`: for each region, resolve credentials and the project id, then make one cheap
// read (one item) per operation each enabled collector depends on — each descriptor's check(), through
// collectors/check-reads.ts — and report every outcome as a row. Reads are chained like the collectors'
// (instances → policies → executions), so a missing earlier permission leaves the later rows SKIP rather
// than hiding them.

import type { TargetSections } from '../collectors/contract.js';
import { COLLECTORS } from '../collectors/index.js';
import { clientOptionsFor, type LoadedConfig, regionTargetOptions, watchedRegions } from '../config.js';
import type { RegionApi } from '../huaweicloud/api.js';
import { createRegionApi } from '../huaweicloud/client.js';
import type { AgencyAssumption } from '../huaweicloud/options.js';
import { PROJECT_ACTION } from './iam-actions.js';
import { type CheckRow, Region } from './region-rows.js';

export type { CheckRow };

export interface CheckOptions {
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Bound on each region's whole check. */
  timeoutMs?: number | undefined;
}

/** The collectors the exporter would run in the region: switched on, and collecting in its target. */
function enabledCollectors(loaded: LoadedConfig, target: TargetSections) {
  return COLLECTORS.filter((d) => loaded.config.collectors[d.name].enabled && d.collectsIn(target));
}

async function checkRegion(
  loaded: LoadedConfig,
  r: Region,
  assume: AgencyAssumption | undefined,
  signal: AbortSignal,
): Promise<void> {
  let api: (RegionApi & { close(): Promise<void> }) | undefined;
  // With an agency, this row is the assumption too: its temporary keys are asked for on the first read.
  const ok = await r.step('-', 'credentials', 'iam', async () => {
    api = await createRegionApi(clientOptionsFor(loaded, r.config, { env: r.env, assume }));
    return 'resolved';
  });
  if (!ok || api === undefined) return;
  const client = api;
  try {
    const project = r.config.project_id === undefined ? PROJECT_ACTION.operation : 'project id';
    if (!(await r.step('-', project, 'iam', () => client.projectId({ signal })))) return;
    const target = regionTargetOptions(r.config);
    const shared = new Map<string, Promise<unknown>>();
    // One collector after the other, in list order: the rows read in the order the reads were made.
    for (const { name, check } of enabledCollectors(loaded, target)) {
      await check({
        api: client,
        target,
        signal,
        step: (op, run) => r.step(name, op.name, op.service, run),
        skip: (op, why) => r.skip(name, op.name, why),
        once<T>(key: string, run: () => Promise<T>): Promise<T> {
          const known = shared.get(key) ?? run();
          shared.set(key, known);
          return known as Promise<T>;
        },
      });
    }
  } finally {
    await client.close();
  }
}

/**
 * Checks every region of the config, and of each account (rows `<account>/<region>`); rows in region order,
 * then the order the reads were made.
 */
export async function runCheck(loaded: LoadedConfig, options: CheckOptions = {}): Promise<CheckRow[]> {
  const env = options.env ?? process.env;
  const watched = watchedRegions(loaded.config);
  const regions = watched.map(({ region, account }) => new Region(region, env, account));
  await Promise.all(
    regions.map((r, i) =>
      checkRegion(loaded, r, watched[i]?.assume, AbortSignal.timeout(options.timeoutMs ?? 30_000)),
    ),
  );
  return regions.flatMap((r) => r.rows);
}
