// The quota case: 1,100 HSS registries (6 pages of 200) against a simulator that enforces Huawei's documented
// HSS flow control, 5 calls per minute per user per API (hss_02_0005), with the exporter's default HSS budget
// and TTL. Time runs ACCELERATION × faster on both sides (the simulator's quota window, the exporter's budget
// and TTL are scaled by the same factor), so minutes of pacing take seconds; every figure is reported back
// in unscaled time. Measured: calls per 60 s window, refused calls (must be 0), when all 1,100 registries were
// first served, and the oldest data served after that (must stay within two TTLs).

import { startExporterProcess } from './exporter.js';
import { startSimulatorProcess } from './simulator.js';

export const QUOTA_CASE = {
  registries: 1100,
  /** Documented: 5 calls/minute per user per API. */
  quota: { calls: 5, windowSeconds: 60 },
  /** The exporter's defaults: 0.08 calls/s per operation, burst 1; HSS TTL 5 min. */
  budget: { ratePerSecond: 0.08, burst: 1 },
  ttlSeconds: 300,
  acceleration: 10,
  /** Run for this many TTLs (unscaled), scraping every 15 s (unscaled) as Prometheus would. */
  ttls: 2.5,
  scrapeIntervalSeconds: 15,
  latencyMs: 20,
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function quotaConfig(simulator) {
  const { ttlSeconds, acceleration: a, budget } = QUOTA_CASE;
  const off = { enabled: false };
  return {
    regions: simulator.regions.map((region) => ({
      name: region.name,
      project_id: region.projectId,
      endpoints: { hss: simulator.endpoints.hss, iam: simulator.endpoints.iam },
    })),
    collectors: {
      swr_signing: off,
      swr_registries: off,
      apig_signature_keys: off,
      hss_registries: { ttl: `${(ttlSeconds / a) * 1000}ms`, max_age: `${((3 * ttlSeconds) / a) * 1000}ms` },
    },
    client: { limits: { hss: { rate_per_second: budget.ratePerSecond * a, burst: budget.burst } } },
  };
}

/** One GET /metrics, reduced to the HSS collector's figures. */
async function hssReading(baseUrl) {
  const response = await fetch(`${baseUrl}/metrics`);
  const text = await response.text();
  const sample = (name) => {
    const line = text.split('\n').find((l) => l.startsWith(name) && l.includes('collector="hss_registries"'));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  return {
    registries: text.split('\n').filter((l) => l.startsWith('huaweicloud_hss_registry_info{')).length,
    success: sample('huaweicloud_collector_success{'),
    ageSeconds: sample('huaweicloud_collector_data_age_seconds{'),
  };
}

/** The most calls within any window of `windowMs` that starts at a call. */
function busiestWindow(times, windowMs) {
  let most = 0;
  for (const start of times)
    most = Math.max(most, times.filter((t) => t >= start && t < start + windowMs).length);
  return most;
}

export async function quotaRun({ workDir, log }) {
  const {
    registries,
    quota,
    acceleration: a,
    ttlSeconds,
    ttls,
    scrapeIntervalSeconds,
    latencyMs,
  } = QUOTA_CASE;
  const windowSeconds = quota.windowSeconds / a;
  const simulator = await startSimulatorProcess({
    policies: 0,
    scale: { hssRegistries: registries, instances: 0, apigInstances: 0, namespaces: 1 },
    quotas: { 'hss.*': { calls: quota.calls, windowSeconds } },
  });
  let exporter;
  try {
    await simulator.setLatency(latencyMs);
    await simulator.takeLog();
    exporter = await startExporterProcess({
      simulator,
      workDir,
      name: 'quota',
      config: quotaConfig(simulator),
    });
    const started = performance.now();
    const unscaled = (ms) => (ms * a) / 1000; // real ms → unscaled seconds
    const readings = [];
    while (unscaled(performance.now() - started) < ttls * ttlSeconds) {
      const reading = await hssReading(exporter.baseUrl);
      // When the answer came: the first scrape waits for the cold, paced refresh.
      readings.push({ at: unscaled(performance.now() - started), ...reading });
      await sleep(((scrapeIntervalSeconds / a) * 1000) | 0);
    }
    const calls = (await simulator.takeLog()).filter((e) => e.op === 'hss.ListRegistry');
    const refused = (await simulator.refused())['hss.ListRegistry'] ?? 0;
    const t0 = calls[0]?.endMs ?? 0;
    const times = calls.map((c) => c.endMs - t0);
    const windows = [];
    for (let w = 0; w * windowSeconds * 1000 <= (times.at(-1) ?? 0); w++) {
      const from = w * windowSeconds * 1000;
      windows.push(times.filter((t) => t >= from && t < from + windowSeconds * 1000).length);
    }
    const complete = readings.find((r) => r.registries === registries && r.success === 1);
    const after = complete === undefined ? [] : readings.filter((r) => r.at >= complete.at);
    const result = {
      kind: 'quota',
      latencyMs,
      registries,
      acceleration: a,
      quota,
      ttlSeconds,
      durationSeconds: unscaled(performance.now() - started),
      calls: calls.length,
      statuses: Object.fromEntries(
        [...new Set(calls.map((c) => c.status))].map((s) => [s, calls.filter((c) => c.status === s).length]),
      ),
      refused,
      callsPerFixedMinute: windows,
      busiestMinute: busiestWindow(times, windowSeconds * 1000),
      allRegistriesAtSeconds: complete?.at,
      maxAgeAfterSeconds: Math.max(...after.map((r) => (r.ageSeconds ?? Number.POSITIVE_INFINITY) * a)),
      scrapes: readings.length,
      failedScrapes: readings.filter((r) => r.success !== 1).length,
    };
    log(
      `  quota: ${result.calls} calls, ${refused} refused, busiest minute ${result.busiestMinute}, all ${registries} at ${result.allRegistriesAtSeconds?.toFixed(0)} s, oldest data after ${result.maxAgeAfterSeconds.toFixed(0)} s`,
    );
    return result;
  } finally {
    await exporter?.stop();
    await simulator.close();
  }
}

/** Verdict of the quota case (issue 17): no refused call, never over the quota, all registries within two TTLs. */
export function quotaVerdict(results) {
  const r = results.find((x) => x.kind === 'quota');
  if (r === undefined) return undefined;
  const twoTtls = 2 * r.ttlSeconds;
  const withinTwoTtls = r.allRegistriesAtSeconds !== undefined && r.allRegistriesAtSeconds <= twoTtls;
  return {
    id: 'quota',
    name: `${r.registries} HSS registries at the documented quota (${r.quota.calls} calls/min): 0 refused calls, ≤ ${r.quota.calls} calls in any minute, all registries within two TTLs (${twoTtls} s)`,
    measured: `${r.refused} refused; busiest minute ${r.busiestMinute} calls; all ${r.registries} after ${r.allRegistriesAtSeconds?.toFixed(0) ?? 'never'} s, oldest data served after that ${r.maxAgeAfterSeconds.toFixed(0)} s`,
    pass:
      r.refused === 0 && r.busiestMinute <= r.quota.calls && withinTwoTtls && r.maxAgeAfterSeconds <= twoTtls,
    missed: r.refused === 0 ? [] : [r],
    why: [],
  };
}

const QUOTA_SECTION = /<!-- quota:start -->[\s\S]*?<!-- quota:end -->/;

/** The RESULTS.md section of the quota case, between markers so a `BENCH_ONLY=quota` run can replace it alone. */
export function quotaSection(result, machine) {
  if (result === undefined) return '<!-- quota:start -->\n<!-- quota:end -->';
  const r = result;
  return [
    '<!-- quota:start -->',
    `Run ${machine.date} on commit ${machine.commit}, load average ${machine.loadBefore} before. ${r.registries} HSS registries (6 pages of 200), the simulator enforcing ${r.quota.calls} calls per ${r.quota.windowSeconds} s per user per API (hss_02_0005) over a sliding window, 429 APIG.0308 beyond it; the exporter with its default HSS budget (0.08 calls/s, burst 1) and TTL (${r.ttlSeconds} s), scraped every 15 s, ${r.latencyMs ?? 20} ms latency. Time ran ${r.acceleration} × faster on both sides (quota window ${r.quota.windowSeconds / r.acceleration} s, budget ${0.08 * r.acceleration}/s, TTL ${r.ttlSeconds / r.acceleration} s); figures are in unscaled seconds.`,
    '',
    '| run | calls (statuses) | refused | calls per 60 s window (fixed, from the first call) | busiest 60 s (sliding) | all registries served after | oldest data served after that | scrapes (collector failing) |',
    '|---|---|---|---|---|---|---|---|',
    `| ${r.durationSeconds.toFixed(0)} s | ${r.calls} (${Object.entries(r.statuses)
      .map(([s, n]) => `${s}: ${n}`)
      .join(
        ', ',
      )}) | ${r.refused} | ${r.callsPerFixedMinute.join(', ')} | ${r.busiestMinute} | ${r.allRegistriesAtSeconds?.toFixed(0) ?? 'never'} s | ${r.maxAgeAfterSeconds.toFixed(0)} s | ${r.scrapes} (${r.failedScrapes}) |`,
    '<!-- quota:end -->',
  ].join('\n');
}

/** Replaces the quota section of an existing RESULTS.md text (or appends it). */
export function withQuotaSection(previous, section) {
  if (QUOTA_SECTION.test(previous)) return previous.replace(QUOTA_SECTION, section);
  return `${previous.trimEnd()}\n\n## Quota case\n\n${section}\n`;
}
