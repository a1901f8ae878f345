// The issue's targets, judged on the measured runs. Each verdict carries the figures it was judged on and,
// when missed, the measured facts that say why (profiles are added by run.js).

import { quotaVerdict } from './quota.js';

export const TARGETS = {
  coldRatio: 1.25,
  coldRatioAtPolicies: 1000,
  /** "Well under 1 µs per series": half of it is the line used here. */
  servingUsPerSeries: 0.5,
  stallMs: 50,
  stallAtPolicies: 10000,
  /** Fitted RSS growth over the run, as a share of RSS, that still counts as flat. */
  memoryGrowthShare: 0.05,
};

const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export function caseName(r) {
  return `${r.policies} policies, ${r.latencyMs} ms, ${r.scrapers} scraper${r.scrapers === 1 ? '' : 's'}`;
}

function operationDiff(actual, expected) {
  const ops = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  return [...ops]
    .filter((op) => (actual[op] ?? 0) !== (expected[op] ?? 0))
    .map((op) => `${op} ${actual[op] ?? 0} (expected ${expected[op] ?? 0})`)
    .join(', ');
}

function coldVerdict(scrapes) {
  const cases = scrapes.filter((r) => r.policies === TARGETS.coldRatioAtPolicies && r.scrapers === 1);
  if (cases.length === 0) return undefined;
  const missed = cases.filter((r) => r.cold.ratio > TARGETS.coldRatio);
  return {
    id: 'cold',
    name: `cold scrape ≤ ${TARGETS.coldRatio} × its bound at ${TARGETS.coldRatioAtPolicies} policies`,
    measured: cases
      .map(
        (r) =>
          `${r.latencyMs} ms: ${fmt(r.cold.ratio)} × (${fmt(r.cold.wallMs / 1000)} s vs ${fmt(r.cold.boundMs / 1000)} s)`,
      )
      .join('; '),
    pass: missed.length === 0,
    missed,
    why: missed.map(
      (r) =>
        `${caseName(r)}: wall ${fmt(r.cold.wallMs, 0)} ms, bound ${fmt(r.cold.boundMs, 0)} ms (${r.cold.binding}); ` +
        `exporter CPU ${fmt(r.cold.cpuMs, 0)} ms (${fmt((100 * r.cold.cpuMs) / r.cold.wallMs, 0)} % of one core over the scrape), ` +
        `exporter CPU per upstream call ${fmt(r.cold.cpuMs / r.cold.calls)} ms; simulator CPU ${fmt(r.cold.simulatorCpuMs, 0)} ms (${fmt(r.cold.simulatorCpuMs / r.cold.calls)} ms per call); ${r.cpus} cores shared by both, the bench and other work; ` +
        `at most ${r.cold.observedConcurrency} calls in flight, ${fmt(r.cold.meanInFlight, 1)} on average; load average ${r.loadAverage}.`,
    ),
  };
}

function warmVerdict(scrapes) {
  const cases = scrapes.filter((r) => r.warm !== undefined);
  if (cases.length === 0) return undefined;
  const missed = cases.filter((r) => r.warm.calls > r.minimumCalls.warm.calls);
  return {
    id: 'warm',
    name: 'warm scrape makes the minimum number of calls (no discovery, no tasks of finished executions)',
    measured:
      missed.length === 0
        ? `${cases.length} of ${cases.length} runs at the minimum (${cases.map((r) => r.warm.calls).join(', ')} calls)`
        : missed.map((r) => `${caseName(r)}: ${r.warm.calls} vs ${r.minimumCalls.warm.calls}`).join('; '),
    pass: missed.length === 0,
    missed,
    why: missed.map(
      (r) => `${caseName(r)}: ${operationDiff(r.warm.callsByOperation, r.minimumCalls.warm.byOperation)}.`,
    ),
  };
}

function singleFlightVerdict(scrapes) {
  const pairs = [];
  for (const many of scrapes.filter((r) => r.scrapers > 1)) {
    const ones = scrapes.filter((r) => r.scrapers === 1 && r.policies === many.policies);
    const one = ones.find((r) => r.latencyMs === many.latencyMs) ?? ones[0];
    if (one !== undefined) pairs.push({ one, many });
  }
  if (pairs.length === 0) return undefined;
  const differs = ({ one, many }) =>
    one.cold.calls !== many.cold.calls ||
    (one.warm !== undefined && many.warm !== undefined && one.warm.calls !== many.warm.calls);
  const missed = pairs.filter(differs);
  const describe = ({ one, many }) =>
    `${caseName(many)}: cold ${many.cold.calls} vs ${one.cold.calls}` +
    (many.warm === undefined || one.warm === undefined
      ? ''
      : `, warm ${many.warm.calls} vs ${one.warm.calls}`) +
    (one.latencyMs === many.latencyMs ? '' : ` (1 scraper at ${one.latencyMs} ms)`);
  return {
    id: 'single-flight',
    name: 'single flight: 10 concurrent scrapers make the calls of one',
    measured: pairs.map(describe).join('; '),
    pass: missed.length === 0,
    missed: missed.map((p) => p.many),
    why: missed.map(
      ({ one, many }) =>
        `${caseName(many)}: ${operationDiff(many.cold.callsByOperation, one.cold.callsByOperation)}.`,
    ),
  };
}

function servingVerdict(results) {
  const cases = results.filter((r) => r.unchanged !== undefined);
  if (cases.length === 0) return undefined;
  const missed = cases.filter(
    (r) =>
      r.unchanged.cpuUsPerSeries > TARGETS.servingUsPerSeries ||
      (r.unchanged.gzip?.cpuUsPerSeries ?? 0) > TARGETS.servingUsPerSeries ||
      r.unchanged.upstreamCalls > 0,
  );
  return {
    id: 'serving',
    name: `serving /metrics for an unchanged snapshot well under 1 µs per series (judged at ≤ ${TARGETS.servingUsPerSeries} µs exporter CPU)`,
    measured: cases
      .map(
        (r) =>
          `${r.policies} policies: ${fmt(r.unchanged.cpuUsPerSeries)} µs` +
          (r.unchanged.gzip === undefined ? '' : ` (gzip ${fmt(r.unchanged.gzip.cpuUsPerSeries)} µs)`),
      )
      .join('; '),
    pass: missed.length === 0,
    missed,
    why: missed.map((r) =>
      r.unchanged.upstreamCalls > 0
        ? `${r.policies} policies: a TTL ran out during the measurement (${r.unchanged.upstreamCalls} upstream calls), so it is not clean.`
        : `${r.policies} policies: ${fmt(r.unchanged.cpuMsPerScrape, 1)} ms of exporter CPU per scrape for ${r.unchanged.samples} series (${fmt(r.unchanged.medianWallMs, 1)} ms wall, median)${r.unchanged.gzip === undefined ? '' : `; with gzip ${fmt(r.unchanged.gzip.cpuMsPerScrape, 1)} ms`}.`,
    ),
  };
}

/** The probed scrapes of a run: the stall probe runs during one refresh (and the cold scrape of a rerun). */
function probedScrapes(r) {
  return [
    ['cold', r.cold],
    ['refresh', r.refresh],
  ].filter(([, scrape]) => scrape?.stall !== undefined);
}

function stallVerdict(scrapes) {
  const cases = scrapes.filter((r) => r.policies === TARGETS.stallAtPolicies && probedScrapes(r).length > 0);
  if (cases.length === 0) return undefined;
  const worst = (r) => Math.max(...probedScrapes(r).map(([, scrape]) => scrape.stall.maxMs));
  const missed = cases.filter((r) => worst(r) > TARGETS.stallMs);
  const describe = (r) =>
    probedScrapes(r)
      .map(([step, scrape]) => `${fmt(scrape.stall.maxMs, 0)} ms (${step})`)
      .join(', ');
  return {
    id: 'stall',
    name: `no event-loop stall over ${TARGETS.stallMs} ms during a scrape at ${TARGETS.stallAtPolicies} policies`,
    measured: cases.map((r) => `${r.latencyMs} ms: slowest /-/healthy ${describe(r)}`).join('; '),
    pass: missed.length === 0,
    missed,
    why: missed.flatMap((r) =>
      probedScrapes(r).map(
        ([step, scrape]) =>
          `${caseName(r)}, ${step} scrape (${fmt(scrape.wallMs / 1000, 1)} s): /-/healthy p50 ${fmt(scrape.stall.p50Ms, 1)} ms, ` +
          `p99 ${fmt(scrape.stall.p99Ms, 1)} ms, max ${fmt(scrape.stall.maxMs, 0)} ms over ${scrape.stall.polls} polls; ` +
          `prom-client's nodejs_eventloop_lag_max_seconds ${fmt(scrape.eventLoopLagMaxMs, 0)} ms ` +
          '(read while the exposition is assembled, so it cannot see a stall in sending that same exposition).',
      ),
    ),
  };
}

function memoryVerdicts(results) {
  return results
    .filter((r) => r.memory !== undefined)
    .map((r) => {
      const m = r.memory;
      const pass = m.retainedGrowthShare <= TARGETS.memoryGrowthShare;
      const mb = (bytes) => (bytes / 2 ** 20).toFixed(0);
      return {
        id: 'memory',
        name: `memory flat over ${m.scrapes} scrapes (${r.policies} policies, collectors refreshing all along; trend of the retained memory, V8 heap used + external buffers after a full GC, ≤ ${100 * TARGETS.memoryGrowthShare} % over the run)`,
        measured: `retained after GC ${fmt(100 * m.retainedGrowthShare, 1)} % over the run (${m.retainedAfterGc.map(mb).join(', ')} MiB); RSS ${mb(m.finalRssBytes)} MiB at the end (${mb(m.startRssBytes)} MiB at start), trend of its floors ${fmt(100 * m.rssGrowthShare, 1)} %`,
        pass,
        missed: pass ? [] : [r],
        why: pass
          ? []
          : [
              `RSS floors per ${m.windowSize} scrapes (MiB): ${m.rssFloors.map(mb).join(', ')}; retained after GC: ${m.retainedAfterGc.map(mb).join(', ')}; ${m.upstreamCalls} upstream calls (refreshes) during the run; highest RSS ${mb(m.maxRssBytes)} MiB.`,
            ],
      };
    });
}

export function judge(results) {
  const scrapes = results.filter((r) => r.kind === 'scrape');
  return [
    coldVerdict(scrapes),
    warmVerdict(scrapes),
    singleFlightVerdict(scrapes),
    servingVerdict(results),
    stallVerdict(scrapes),
    ...memoryVerdicts(results),
    quotaVerdict(results),
  ].filter((v) => v !== undefined);
}
