// For a target an estate missed, one more exporter run of the case under --cpu-prof, summarised over the
// window that matters: the cold scrape, the unchanged-snapshot scrapes, or the slowest /-/healthy answer.
// Warm-call, single-flight and memory misses need no profile: their "why" is the call or RSS breakdown.

import { judge } from './targets.js';

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
/**
 * @param {object} o
 * @param {object[]} o.estateResults the runs of one estate
 * @param {(spec: object) => Promise<object>} o.rerun runs exporterRun under the profiler on this estate
 * @param {(ms: number) => Promise<unknown>} o.setLatency
 * @param {(text: string) => void} o.log
 * @param {Set<string>} o.done targets already profiled in this bench (one profile each is enough)
 * @returns {Promise<Array<{ target: string, title: string, summary: object }>>}
 */
export async function profileMisses({ estateResults, rerun, setLatency, log, done }) {
  const profiles = [];
  for (const verdict of judge(estateResults).filter((v) => !v.pass && !done.has(v.id))) {
    try {
      profiles.push(...(await profileMiss(verdict, rerun, setLatency, log)));
    } catch (error) {
      log(`  profiling failed: ${error.message}`);
      profiles.push({ target: verdict.id, title: `profiling failed: ${error.message}`, summary: undefined });
    }
  }
  for (const p of profiles) done.add(p.target);
  return profiles;
}

async function profileMiss(verdict, rerun, setLatency, log) {
  const profiles = [];
  if (verdict.id === 'cold') {
    const worst = [...verdict.missed].sort((a, b) => b.cold.ratio - a.cold.ratio)[0];
    log(`profiling the cold scrape (${worst.policies} policies, ${worst.latencyMs} ms) …`);
    await setLatency(worst.latencyMs);
    const r = await rerun({ latencyMs: worst.latencyMs, kind: 'scrape', scrapers: 1 });
    profiles.push({
      target: 'cold',
      title: `the cold scrape, ${r.policies} policies at ${r.latencyMs} ms, rerun under --cpu-prof (${seconds(r.cold.wallMs)}, ${r.cold.ratio.toFixed(2)} × its bound)`,
      summary: r.profiles.cold,
    });
  }
  // The cost per series is the same at every size: profile it where a cold scrape is quick.
  if (verdict.id === 'serving') {
    const candidate = verdict.missed.find((r) => r.policies === 1000 && r.unchanged.upstreamCalls === 0);
    if (candidate === undefined) return profiles;
    log(`profiling the unchanged-snapshot scrapes (${candidate.policies} policies) …`);
    await setLatency(candidate.latencyMs);
    const r = await rerun({
      latencyMs: candidate.latencyMs,
      kind: 'serving',
      unchanged: true,
      ttlSeconds: 60,
    });
    profiles.push({
      target: 'serving',
      title: `${r.unchanged.scrapes} scrapes of an unchanged snapshot, ${r.policies} policies (${r.unchanged.samples} series), rerun under --cpu-prof (${r.unchanged.cpuUsPerSeries.toFixed(2)} µs CPU per series)`,
      summary: r.profiles.unchanged,
    });
  }
  if (verdict.id === 'stall') {
    const worst = verdict.missed[0];
    log(
      `profiling the cold scrape for its slowest /-/healthy answer (${worst.policies} policies, ${worst.latencyMs} ms) …`,
    );
    await setLatency(worst.latencyMs);
    const r = await rerun({ latencyMs: worst.latencyMs, kind: 'scrape', scrapers: 1, probeCold: true });
    profiles.push({
      target: 'stall',
      title: `the ${r.cold.stall.maxMs.toFixed(0)} ms of the slowest /-/healthy answer during a cold scrape, ${r.policies} policies at ${r.latencyMs} ms, rerun under --cpu-prof`,
      summary: r.profiles.worstStall,
    });
    profiles.push({
      target: 'stall',
      title: `the whole cold scrape of that rerun (${seconds(r.cold.wallMs)})`,
      summary: r.profiles.cold,
    });
  }
  return profiles;
}
