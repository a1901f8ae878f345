// The measurements, one function per phase of an exporter run. Each phase empties the simulator's log first,
// so the calls it reports are its own.

import { callsByOperation, lowerBoundMs, observedConcurrency } from './bounds.js';
import { cpuTimeMs, rssBytes } from './proc.js';
import { monotonicUs } from './profile.js';
import { concurrentScrapes } from './scrape.js';
import { startStallProbe } from './stall-probe.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One scrape (or `scrapers` at once) with the simulator's log of what it cost upstream. `probe` polls
 * /-/healthy during the scrape to find the longest event-loop stall; the probe's answers cost the exporter
 * CPU too (about 0.5 ms each on an idle 2-core VM), so its CPU figure is not a clean one.
 */
export async function measureScrape({ exporter, simulator, scrapers, latencyMs, concurrency, probe }) {
  await simulator.takeLog();
  const stallProbe = probe ? await startStallProbe(exporter.baseUrl) : undefined;
  const cpuBefore = cpuTimeMs(exporter.pid);
  const simulatorCpuBefore = cpuTimeMs(simulator.pid);
  const fromUs = monotonicUs();
  const { wallMs, results } = await concurrentScrapes(exporter.baseUrl, scrapers);
  const toUs = monotonicUs();
  const cpuAfter = cpuTimeMs(exporter.pid);
  const simulatorCpuMs = cpuTimeMs(simulator.pid) - simulatorCpuBefore;
  const stall = stallProbe === undefined ? undefined : await stallProbe.stop();
  const entries = await simulator.takeLog();
  const bound = lowerBoundMs({ entries, latencyMs, concurrency });
  const first = results[0];
  return {
    wallMs,
    scraperWallMs: results.map((r) => r.wallMs),
    window: { fromUs, toUs },
    samples: first.samples,
    bytes: first.bytes,
    collectorsOk: results.every((r) => r.collectorsOk),
    calls: entries.length,
    callsByOperation: callsByOperation(entries),
    failedCalls: entries.filter((e) => e.status !== 200).length,
    observedConcurrency: observedConcurrency(entries),
    meanInFlight: entries.reduce((sum, e) => sum + e.durationMs, 0) / wallMs,
    ...bound,
    ratio: bound.boundMs > 0 ? wallMs / bound.boundMs : Number.NaN,
    cpuMs: cpuAfter - cpuBefore,
    probed: stall !== undefined,
    simulatorCpuMs,
    stall,
    eventLoopLagMaxMs: first.eventLoopLagMaxMs,
  };
}

/** Waits until every collector's snapshot is older than its TTL (the next scrape refreshes them all). */
export async function waitForExpiry(ttlSeconds) {
  await sleep(ttlSeconds * 1000 + 250);
}

/**
 * Scrapes served from an unchanged snapshot (every unit fresh): exporter CPU time and wall time per scrape
 * and per series. Reports how many upstream calls happened meanwhile (0 unless a TTL ran out).
 */
export async function measureUnchanged({ exporter, simulator, maxScrapes, maxMs }) {
  // The first scrapes after the cold one pay once for compiling the serving path (V8's JIT and its background
  // threads: ~1.5× the steady cost per scrape over the first 200 at 100 policies). The target is the cost of
  // serving an unchanged snapshot, so a quarter as many unmeasured scrapes go first.
  const warmupScrapes = Math.ceil(maxScrapes / 4);
  const warmupStarted = performance.now();
  for (let i = 0; i < warmupScrapes && performance.now() - warmupStarted < maxMs / 4; i++) {
    await concurrentScrapes(exporter.baseUrl, 1);
  }
  await simulator.takeLog();
  const walls = [];
  let samples = 0;
  const fromUs = monotonicUs();
  const cpuBefore = cpuTimeMs(exporter.pid);
  const started = performance.now();
  while (walls.length < maxScrapes && performance.now() - started < maxMs) {
    const [result] = (await concurrentScrapes(exporter.baseUrl, 1)).results;
    walls.push(result.wallMs);
    samples = result.samples;
  }
  const cpuMs = cpuTimeMs(exporter.pid) - cpuBefore;
  const toUs = monotonicUs();
  const upstreamCalls = (await simulator.takeLog()).length;
  walls.sort((a, b) => a - b);
  const medianWallMs = walls[Math.floor(walls.length / 2)];
  const cpuMsPerScrape = cpuMs / walls.length;
  const gzip = await measureUnchangedGzip({ exporter, scrapes: walls.length, samples });
  const gzipCalls = (await simulator.takeLog()).length;
  return {
    gzip,
    scrapes: walls.length,
    warmupScrapes,
    samples,
    upstreamCalls: upstreamCalls + gzipCalls,
    cpuMsPerScrape,
    cpuUsPerSeries: (cpuMsPerScrape * 1000) / samples,
    medianWallMs,
    wallUsPerSeries: (medianWallMs * 1000) / samples,
    window: { fromUs, toUs },
  };
}

/**
 * The same snapshot asked for with gzip, as Prometheus asks: the first such scrape compresses the collected
 * part (once per refresh; its CPU is shown apart), the next `scrapes` reuse it and compress only the tail.
 */
async function measureUnchangedGzip({ exporter, scrapes, samples }) {
  const firstCpuBefore = cpuTimeMs(exporter.pid);
  const [first] = (await concurrentScrapes(exporter.baseUrl, 1, { gzip: true })).results;
  const firstCpuMs = cpuTimeMs(exporter.pid) - firstCpuBefore;
  if (first.samples !== samples)
    throw new Error(`gzip scrape: ${first.samples} series unpacked, ${samples} without gzip`);
  const walls = [];
  const cpuBefore = cpuTimeMs(exporter.pid);
  while (walls.length < scrapes) {
    const [result] = (await concurrentScrapes(exporter.baseUrl, 1, { gzip: true })).results;
    walls.push(result.wallMs);
  }
  const cpuMsPerScrape = (cpuTimeMs(exporter.pid) - cpuBefore) / scrapes;
  walls.sort((a, b) => a - b);
  return {
    firstCpuMs,
    firstWallMs: first.wallMs,
    wireBytes: first.wireBytes,
    scrapes,
    cpuMsPerScrape,
    cpuUsPerSeries: (cpuMsPerScrape * 1000) / samples,
    medianWallMs: walls[Math.floor(walls.length / 2)],
  };
}

function slope(points) {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** The lowest value per window of `size` scrapes: what stays resident after each garbage collection. */
function floors(points, key, size) {
  const out = [];
  for (const p of points) {
    const w = Math.floor((p.scrape - 1) / size);
    out[w] = Math.min(out[w] ?? Number.POSITIVE_INFINITY, p[key]);
  }
  return out;
}

/**
 * `scrapes` scrapes in a row (snapshots refresh whenever their TTL runs out). Judged: the memory retained
 * after a full GC at the end of each tenth (heap used + external), whose trend shows a leak; shown beside it:
 * RSS from /proc every `sampleEvery` scrapes and V8 heap used from every exposition, as floors (the lowest
 * value per tenth), which also carry what the collector and the allocator have not handed back yet.
 */
export async function measureMemory({ exporter, simulator, scrapes, sampleEvery = 2, startRssBytes }) {
  await simulator.takeLog();
  const points = [];
  const heap = [];
  const afterGc = [];
  const windowSize = Math.max(1, Math.floor(scrapes / 10));
  let samples = 0;
  const started = performance.now();
  for (let i = 1; i <= scrapes; i++) {
    const [result] = (await concurrentScrapes(exporter.baseUrl, 1)).results;
    samples = result.samples;
    heap.push({ scrape: i, heap: result.heapUsedBytes });
    if (i % sampleEvery === 0 || i === 1) points.push({ scrape: i, rss: rssBytes(exporter.pid) });
    // At the end of each tenth, right after a scrape answered: what the exporter retains after a full GC.
    if (i % windowSize === 0) {
      const usage = await exporter.memoryAfterGc();
      afterGc.push({ scrape: i, retained: usage.heapUsed + usage.external, rss: usage.rss });
    }
  }
  const durationMs = performance.now() - started;
  const upstreamCalls = (await simulator.takeLog()).length;
  const rssFloors = floors(points, 'rss', windowSize);
  const heapFloors = floors(heap, 'heap', windowSize);
  const retained = afterGc.map((p) => p.retained);
  // A trend through ten readings, not two points; the first tenth (warm-up) is left out.
  const growth = (values) => {
    const settledValues = values.slice(1).map((v, i) => [i, v]);
    const mean = settledValues.reduce((sum, [, v]) => sum + v, 0) / settledValues.length;
    return (slope(settledValues) * values.length) / mean;
  };
  const finalRss = points.at(-1).rss;
  return {
    scrapes,
    durationMs,
    samples,
    upstreamCalls,
    startRssBytes,
    finalRssBytes: finalRss,
    maxRssBytes: Math.max(...points.map((p) => p.rss)),
    rssBytesPerSeries: finalRss / samples,
    addedRssBytesPerSeries: (finalRss - startRssBytes) / samples,
    finalHeapUsedBytes: heap.at(-1).heap,
    windowSize,
    rssFloors,
    heapFloors,
    rssGrowthShare: growth(rssFloors),
    heapGrowthShare: growth(heapFloors),
    retainedAfterGc: retained,
    retainedGrowthShare: growth(retained),
    rssAfterGc: afterGc.map((p) => p.rss),
  };
}
