// bench/RESULTS.md (tables, verdicts, profiles of missed targets) and bench/results/<date>.jsonl (one JSON
// line per case). A hand-written block between the notes markers in RESULTS.md survives a re-run.

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WORKERS_PER_REQUEST_SLOT } from './exporter.js';
import { quotaSection } from './quota.js';
import { TARGETS } from './targets.js';

const NOTES = /<!-- notes:start -->[\s\S]*?<!-- notes:end -->/;

const ms = (n) =>
  Number.isFinite(n) ? (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(0)} ms`) : 'n/a';
const num = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const count = (n) => (Number.isFinite(n) ? n.toLocaleString('en-US') : 'n/a');

function table(header, rows) {
  for (const row of rows) {
    if (row.length !== header.length)
      throw new Error(`table row has ${row.length} cells for ${header.length} columns`);
  }
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function scrapeRows(results) {
  return results
    .filter((r) => r.kind === 'scrape')
    .map((r) => {
      const { cold, warm } = r;
      return [
        count(r.policies),
        `${r.latencyMs} ms`,
        String(r.scrapers),
        count(cold.samples),
        ms(cold.wallMs),
        `${ms(cold.boundMs)} (${cold.binding === 'concurrency' ? 'calls' : `path of ${cold.criticalPathCalls}`})`,
        `${num(cold.ratio)} ×`,
        `${count(cold.calls)} / ${count(r.minimumCalls.cold.calls)}`,
        `${num(cold.meanInFlight, 1)} / ${cold.observedConcurrency}`,
        `${ms(cold.cpuMs)} / ${ms(cold.simulatorCpuMs)}`,
        warm === undefined ? '–' : ms(warm.wallMs),
        warm === undefined ? '–' : `${ms(warm.boundMs)}, ${num(warm.ratio)} ×`,
        warm === undefined ? '–' : `${count(warm.calls)} / ${count(r.minimumCalls.warm.calls)}`,
        warm === undefined ? '–' : ms(warm.cpuMs),
        r.refresh === undefined ? '–' : `${ms(r.refresh.stall.maxMs)} (p99 ${ms(r.refresh.stall.p99Ms)})`,
        `${ms(cold.eventLoopLagMaxMs)} / ${warm === undefined ? '–' : ms(warm.eventLoopLagMaxMs)}`,
        [cold, warm, r.refresh].every((s) => s === undefined || s.collectorsOk) ? 'yes' : '**no**',
      ];
    });
}

function servingRows(results) {
  return results
    .filter((r) => r.unchanged !== undefined)
    .map(({ policies, unchanged: u, cold }) => [
      count(policies),
      count(u.samples),
      mib(cold.bytes),
      String(u.scrapes),
      String(u.upstreamCalls),
      `${num(u.cpuMsPerScrape, 1)} ms`,
      `${num(u.cpuUsPerSeries)} µs`,
      `${num(u.medianWallMs, 1)} ms`,
      `${num(u.wallUsPerSeries)} µs`,
      u.gzip === undefined ? '–' : `${mib(u.gzip.wireBytes)}, ${num(u.gzip.firstCpuMs, 0)} ms`,
      u.gzip === undefined ? '–' : `${num(u.gzip.cpuMsPerScrape, 1)} ms, ${num(u.gzip.cpuUsPerSeries)} µs`,
    ]);
}

function memoryRows(results) {
  return results
    .filter((r) => r.memory !== undefined)
    .map(({ policies, ttlSeconds, memory: m }) => [
      count(policies),
      String(m.scrapes),
      `${(m.durationMs / 1000).toFixed(0)} s`,
      `${ttlSeconds} s / ${count(m.upstreamCalls)}`,
      count(m.samples),
      mib(m.startRssBytes),
      `${mib(m.finalRssBytes)} (max ${mib(m.maxRssBytes)})`,
      `${(m.rssBytesPerSeries / 1024).toFixed(1)} KiB / ${(m.addedRssBytesPerSeries / 1024).toFixed(2)} KiB`,
      `${mib(m.heapFloors.at(-1))} (${(m.heapFloors.at(-1) / m.samples / 1024).toFixed(2)} KiB)`,
      m.rssFloors.map((b) => (b / 2 ** 20).toFixed(0)).join(', '),
      `${num(100 * m.rssGrowthShare, 1)} %`,
      `${num(100 * m.heapGrowthShare, 1)} %`,
      m.retainedAfterGc.map((b) => (b / 2 ** 20).toFixed(1)).join(', '),
      m.rssAfterGc.map((b) => (b / 2 ** 20).toFixed(0)).join(', '),
      `${num(100 * m.retainedGrowthShare, 1)} %`,
    ]);
}

function profileTable(summary) {
  if (summary === undefined) return '_no profile_';
  const rows = summary.top.map((t) => [
    `${num(t.selfMs, 0)} ms`,
    `${num(100 * t.share, 1)} %`,
    `\`${t.name}\``,
    t.calledFrom === '' ? '' : `\`${t.calledFrom}\``,
  ]);
  return `Busy ${ms(summary.busyMs)}, idle ${ms(summary.idleMs)} in the window.\n\n${table(['self', 'share', 'function', 'called from'], rows)}`;
}

function missSection(verdict, profiles) {
  const lines = [`### MISSED: ${verdict.name}`, '', `Measured: ${verdict.measured}.`, ''];
  for (const explanation of verdict.why) lines.push(`- ${explanation}`);
  if (verdict.why.length > 0) lines.push('');
  for (const p of profiles.filter((p) => p.target === verdict.id)) {
    lines.push(`**CPU profile: ${p.title}**`, '', profileTable(p.summary), '');
  }
  return lines.join('\n');
}

function errorLines(results) {
  const errors = results.filter((r) => r.kind === 'error');
  if (errors.length === 0) return [];
  return ['## Runs that failed', '', ...errors.map((e) => `- ${e.run}: ${e.message}`), ''];
}

export async function writeReport({ benchDir, machine, results, verdicts, profiles, settings }) {
  const date = machine.date.slice(0, 10);
  await mkdir(join(benchDir, 'results'), { recursive: true });
  // One line per exporter run, then one per profile summary (the profiled reruns of missed targets).
  const records = [...results, ...profiles.map((p) => ({ kind: 'profile', ...p }))];
  const jsonl = records
    .map((r) => JSON.stringify({ date: machine.date, machine, settings, ...r }))
    .join('\n');
  await writeFile(join(benchDir, 'results', `${date}.jsonl`), `${jsonl}\n`);

  const resultsFile = join(benchDir, 'RESULTS.md');
  const previous = existsSync(resultsFile) ? await readFile(resultsFile, 'utf8') : '';
  const notes = NOTES.exec(previous)?.[0] ?? '<!-- notes:start -->\n<!-- notes:end -->';
  const misses = verdicts.filter((v) => !v.pass);
  const md = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\`${settings.quick ? ' (BENCH_QUICK=1: a subset)' : ''} on ${machine.date}; raw figures in \`bench/results/${date}.jsonl\`. How to read and rerun: bench/README.md.`,
    '',
    `Machine: ${machine.nproc} CPU (${machine.cpuModel}), ${mib(machine.memoryBytes)} RAM, Node ${machine.node}, ${machine.platform}; load average ${machine.loadBefore} before, ${machine.loadAfter} after (other work shared the machine). Run took ${(machine.durationMs / 60_000).toFixed(1)} min; commit ${machine.commit}.`,
    '',
    `Setup: simulator and exporter are separate processes on 127.0.0.1; the simulator's world is frozen (no clock ticks) and every API answer leaves the simulator the latency shown after its request arrived (the simulator's own work counted within it). Estate of N policies = 1 region, 1 SWR instance with N signature policies (5 executions each, up to 6 tasks per execution) and N replication registries, N HSS registries, 1 APIG instance with N signature keys. Exporter: \`scrape.worker_limit: ${settings.concurrency * WORKERS_PER_REQUEST_SLOT}\` and \`client.limits.<service>.concurrency: ${settings.concurrency}\` with \`rate_per_second: 0\` (no client-side rate limit: the bound counts latency and concurrency only), discovery TTL 1 h. Bound = max(critical path of dependent calls × latency, calls of the busiest service × latency ÷ ${settings.concurrency}; the cap is per service), both from the simulator's request log of that scrape. Warm = the scrape after every collector TTL (1 s) ran out; minimum calls from the simulator's estate (no discovery, no tasks of finished executions).`,
    '',
    '## Targets',
    '',
    table(
      ['target', 'measured', 'verdict'],
      verdicts.map((v) => [v.name, v.measured, v.pass ? 'met' : '**MISSED**']),
    ),
    '',
    '## Scrapes',
    '',
    "Calls are upstream calls / the minimum; calls in flight from the simulator's log (mean = the calls' summed durations ÷ wall time); CPU is user+system time from /proc/PID/stat across the scrape. /-/healthy max is the slowest answer to a GET every ~5 ms during one more warm refresh after the warm one (1-scraper runs; kept out of the cold and warm scrapes so the probe's own cost stays out of their CPU figures); loop lag max is prom-client's nodejs_eventloop_lag_max_seconds in that scrape (since the previous scrape, so the cold one includes start-up).",
    '',
    table(
      [
        'policies',
        'latency',
        'scrapers',
        'series',
        'cold wall',
        'cold bound (binding)',
        'cold ratio',
        'cold calls / min',
        'cold calls in flight mean / max',
        'cold CPU exporter / simulator',
        'warm wall',
        'warm bound, ratio',
        'warm calls / min',
        'warm CPU',
        '/-/healthy max during a refresh',
        'loop lag max cold / warm',
        'collectors ok',
      ],
      scrapeRows(results),
    ),
    '',
    '## Serving an unchanged snapshot',
    '',
    `Sequential scrapes while every collector is fresh (up to 200 or 4 s), after a quarter as many unmeasured ones (the serving path's one-time JIT warm-up after the cold scrape). Target: well under 1 µs per series (judged at ≤ ${TARGETS.servingUsPerSeries} µs of exporter CPU, without and with gzip). Then as many scrapes asking for gzip, as Prometheus does: the first compresses the collected part of the snapshot (once per refresh), the others send that and compress only the few-kilobyte tail (collector status, own metrics).`,
    '',
    table(
      [
        'policies',
        'series',
        'size',
        'scrapes',
        'upstream calls',
        'CPU / scrape',
        'CPU / series',
        'wall / scrape (median)',
        'wall / series',
        'gzip: size, CPU of the first scrape (compresses the snapshot)',
        'gzip: CPU / scrape, / series (after the first)',
      ],
      servingRows(results),
    ),
    '',
    '## Memory',
    '',
    'An exporter of its own whose collector TTL is 1 s, scraped 1,000 times in a row: every scrape that finds a TTL run out waits for that refresh, so the run covers a refresh cycle per tenth or so (the upstream calls show how many) and a leak per scrape or per refresh would show. RSS from /proc/PID/status every 2 scrapes, V8 heap used (nodejs_heap_size_used_bytes) and external memory (nodejs_external_memory_bytes: Buffers, where the encoded snapshot lives) from every scrape; at the end of each tenth the bench has the exporter run a full garbage collection (inspector protocol, HeapProfiler.collectGarbage) and reads its process.memoryUsage() heap used + external right after it: that retained memory is what the target is judged on, a trend through the ten readings. The floors (lowest value per tenth, no forced GC) are shown too. RSS also holds what the allocator keeps after a refresh freed it (it climbs to a plateau over the first refreshes), which is shown beside it. What is retained shows in the floors, the lowest value per tenth of the run (after garbage collection); growth = least-squares slope through the floors (the first tenth, warm-up, left out), projected over the whole run, as a share of their mean.',
    '',
    table(
      [
        'policies',
        'scrapes',
        'took',
        'TTL / upstream calls',
        'series',
        'RSS at start',
        'RSS at end',
        'RSS per series: total / added since start',
        'heap floor, last tenth (per series)',
        'RSS floors per tenth (MiB)',
        'RSS growth',
        'heap growth',
        'retained (heap + external) after a full GC, per tenth (MiB)',
        'RSS after that GC (MiB)',
        'retained growth',
      ],
      memoryRows(results),
    ),
    '',
    '## Quota case',
    '',
    quotaSection(
      results.find((r) => r.kind === 'quota'),
      machine,
    ),
    '',
    ...errorLines(results),
    '## Missed targets',
    '',
    misses.length === 0 ? 'None.' : misses.map((v) => missSection(v, profiles)).join('\n'),
    '',
    '## Notes',
    '',
    notes,
    '',
  ].join('\n');
  await writeFile(resultsFile, md);
  return { resultsFile, jsonlFile: join(benchDir, 'results', `${date}.jsonl`) };
}
