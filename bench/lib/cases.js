// One exporter process per run, on a simulator that already holds the estate and has its latency set. A run
// is a cold scrape followed by any of: a warm refresh, scrapes of the unchanged snapshot, a memory run.

import { readFileSync } from 'node:fs';
import { describeEstate, minimumCalls } from './bounds.js';
import { exporterConfig, startExporterProcess } from './exporter.js';
import { measureMemory, measureScrape, measureUnchanged, waitForExpiry } from './phases.js';
import { rssBytes } from './proc.js';
import { summarizeProfile } from './profile.js';

/** With a warm step, TTLs are this short so the next scrape refreshes every collector (discovery: 1 h). */
const REFRESH_TTL_SECONDS = 1;
const UNCHANGED = { maxScrapes: 200, maxMs: 4000 };
/** Without a warm step and no TTL given: long enough that nothing refreshes during the run. */
const DEFAULT_TTL_SECONDS = 900;

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/**
 * `kind` 'scrape': a case of the scrape table (cold, then `warm`, with `scrapers` at once); `stallRefresh`
 * adds one more refresh scrape with the stall probe (kept apart so the probe's cost stays out of the CPU
 * figures; `probeCold` probes the cold scrape instead). 'serving': the cold scrape only prepares the snapshot
 * that `unchanged` and `memoryScrapes` measure. `ttlSeconds` applies without a warm step; it must outlast the
 * cold scrape plus the unchanged scrapes. With `profileDir` the exporter runs under --cpu-prof and the result
 * carries profile summaries.
 */
export async function exporterRun(spec) {
  const { simulator, estate, workDir, latencyMs, concurrency, profileDir } = spec;
  const { kind = 'scrape', scrapers = 1, warm = false, stallRefresh = false, probeCold = false } = spec;
  const { unchanged = false, memoryScrapes } = spec;
  const ttlSeconds = warm || stallRefresh ? REFRESH_TTL_SECONDS : (spec.ttlSeconds ?? DEFAULT_TTL_SECONDS);
  const config = exporterConfig(simulator, { ttlSeconds, concurrency });
  const name = `n${simulator.policies}-l${latencyMs}-${kind}-s${scrapers}${profileDir === undefined ? '' : '-prof'}`;
  const loadBefore = loadAverage();
  const inspect = memoryScrapes !== undefined;
  const exporter = await startExporterProcess({ simulator, workDir, name, config, profileDir, inspect });
  const startRssBytes = rssBytes(exporter.pid);
  try {
    const common = { exporter, simulator, scrapers, latencyMs, concurrency };
    const result = {
      kind,
      policies: simulator.policies,
      latencyMs,
      scrapers,
      concurrency,
      ttlSeconds,
      profiled: profileDir !== undefined,
      startRssBytes,
      estate: describeEstate(estate),
      minimumCalls: {
        cold: minimumCalls(estate, { warm: false }),
        warm: minimumCalls(estate, { warm: true }),
      },
    };
    result.cold = await measureScrape({ ...common, probe: probeCold });
    if (warm) {
      await waitForExpiry(REFRESH_TTL_SECONDS);
      result.warm = await measureScrape(common);
    }
    if (stallRefresh) {
      await waitForExpiry(REFRESH_TTL_SECONDS);
      result.refresh = await measureScrape({ ...common, probe: true });
    }
    if (unchanged) result.unchanged = await measureUnchanged({ exporter, simulator, ...UNCHANGED });
    if (memoryScrapes !== undefined) {
      result.memory = await measureMemory({ exporter, simulator, scrapes: memoryScrapes, startRssBytes });
    }
    const stopped = await exporter.stop();
    result.loadAverage = `${loadBefore} → ${loadAverage()}`;
    if (stopped.profile !== undefined) result.profiles = await profileSummaries(stopped.profile, result);
    return result;
  } finally {
    await exporter.stop();
  }
}

async function profileSummaries(file, { cold, refresh, unchanged }) {
  const stall = cold.stall ?? refresh?.stall;
  return {
    cold: await summarizeProfile(file, cold.window),
    worstStall:
      stall === undefined
        ? undefined
        : await summarizeProfile(file, { fromUs: stall.worstStartUs, toUs: stall.worstEndUs }),
    unchanged: unchanged === undefined ? undefined : await summarizeProfile(file, unchanged.window),
  };
}
