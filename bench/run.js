// `npm run bench` (after `npm run build`): the exporter against the simulator, each its own process, over the
// plan in lib/plan.js; then profiled reruns for missed targets, bench/RESULTS.md and bench/results/<date>.jsonl.
// BENCH_QUICK=1 runs a subset in a couple of minutes. See bench/README.md.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exporterRun } from './lib/cases.js';
import { benchPlan, CONCURRENCY, filterPlan } from './lib/plan.js';
import { cpuModel } from './lib/proc.js';
import { profileMisses } from './lib/profile-misses.js';
import { quotaRun, quotaSection, withQuotaSection } from './lib/quota.js';
import { writeReport } from './lib/report.js';
import { closeScrapers } from './lib/scrape.js';
import { startSimulatorProcess } from './lib/simulator.js';
import { judge } from './lib/targets.js';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const quick = process.env.BENCH_QUICK === '1';
const keepWorkDir = process.env.BENCH_KEEP === '1';
/** A narrowed run (BENCH_ONLY) is for working on one case: it logs its figures and leaves RESULTS.md alone. */
const only = process.env.BENCH_ONLY;
const noProfiles = process.env.BENCH_NO_PROFILE === '1';

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const log = (text) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);

function gitCommit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: benchDir,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', '../src'], {
      cwd: benchDir,
      encoding: 'utf8',
    }).trim();
    return dirty === '' ? head : `${head} (src/ with uncommitted changes)`;
  } catch {
    return 'unknown';
  }
}

function summary(result) {
  const parts = [
    `cold ${(result.cold.wallMs / 1000).toFixed(2)} s (${result.cold.ratio.toFixed(2)} × bound, ${result.cold.calls} calls)`,
  ];
  if (result.warm !== undefined)
    parts.push(`warm ${(result.warm.wallMs / 1000).toFixed(2)} s (${result.warm.calls} calls)`);
  const probed = result.refresh ?? result.cold;
  if (probed.stall !== undefined) parts.push(`slowest /-/healthy ${probed.stall.maxMs.toFixed(0)} ms`);
  if (result.unchanged !== undefined)
    parts.push(
      `unchanged ${result.unchanged.cpuUsPerSeries.toFixed(2)} µs CPU/series (gzip ${result.unchanged.gzip.cpuUsPerSeries.toFixed(2)} µs, first ${result.unchanged.gzip.firstCpuMs.toFixed(0)} ms)`,
    );
  if (result.memory !== undefined)
    parts.push(
      `RSS ${(result.memory.finalRssBytes / 2 ** 20).toFixed(0)} MiB after ${result.memory.scrapes} scrapes`,
    );
  return parts.join(', ');
}

async function main() {
  if (!existsSync(fileURLToPath(new URL('../dist/cli.js', import.meta.url)))) {
    throw new Error('dist/cli.js is missing: run `npm run build` first (npm run bench does)');
  }
  const started = Date.now();
  const machine = {
    date: new Date().toISOString(),
    nproc: availableParallelism(),
    cpuModel: cpuModel(),
    memoryBytes: totalmem(),
    node: process.version,
    platform: `${platform()} ${release()}`,
    loadBefore: loadAverage(),
    commit: gitCommit(),
  };
  const workDir = await mkdtemp(join(tmpdir(), 'huaweicloud-exporter-bench-'));
  const profileDir = join(workDir, 'profiles');
  await mkdir(profileDir);
  log(`${quick ? 'quick' : 'full'} run; exporter logs and configs in ${workDir}`);
  const results = [];
  const profiles = [];
  const profiled = new Set();
  try {
    for (const { policies, runs } of filterPlan(benchPlan({ quick }), only)) {
      log(`starting the simulator with ${policies} policies`);
      const simulator = await startSimulatorProcess({ policies });
      try {
        const estate = await simulator.estate();
        const estateResults = [];
        for (const run of runs) {
          const label = `${policies} policies, ${run.latencyMs} ms, ${run.kind}, ${run.scrapers ?? 1} scraper(s)`;
          log(`${label} …`);
          await simulator.setLatency(run.latencyMs);
          try {
            const result = await exporterRun({
              ...run,
              simulator,
              estate,
              workDir,
              concurrency: CONCURRENCY,
            });
            result.cpus = machine.nproc;
            estateResults.push(result);
            log(`  ${summary(result)}`);
          } catch (error) {
            log(`  FAILED: ${error.message}`);
            results.push({ kind: 'error', run: label, message: error.message });
          }
        }
        results.push(...estateResults);
        // Misses are profiled while this estate's simulator still runs.
        const rerun = (spec) =>
          exporterRun({ ...spec, simulator, estate, workDir, concurrency: CONCURRENCY, profileDir });
        if (noProfiles) continue;
        profiles.push(
          ...(await profileMisses({
            estateResults,
            rerun,
            setLatency: simulator.setLatency,
            log,
            done: profiled,
          })),
        );
      } finally {
        await simulator.close();
      }
    }
    // The quota case (issue 17): in every full run, and alone with BENCH_ONLY=quota.
    if (only === undefined || only.split(',').includes('quota')) {
      log('quota case: 1,100 HSS registries at the documented HSS quota …');
      try {
        results.push(await quotaRun({ workDir, log }));
      } catch (error) {
        log(`  FAILED: ${error.message}`);
        results.push({ kind: 'error', run: 'quota case', message: error.message });
      }
    }
  } finally {
    await closeScrapers();
  }
  const verdicts = judge(results);
  machine.loadAfter = loadAverage();
  machine.durationMs = Date.now() - started;
  for (const v of verdicts) log(`${v.pass ? 'met   ' : 'MISSED'} ${v.name}: ${v.measured}`);
  if (only !== undefined) {
    const quota = results.find((r) => r.kind === 'quota');
    if (quota !== undefined) {
      // The quota section has markers of its own: a quota-only run replaces just that section.
      const file = join(benchDir, 'RESULTS.md');
      writeFileSync(file, withQuotaSection(readFileSync(file, 'utf8'), quotaSection(quota, machine)));
      log('BENCH_ONLY: the quota section of RESULTS.md rewritten, the rest and the jsonl left alone');
    } else log(`BENCH_ONLY=${only}: RESULTS.md and the jsonl left alone`);
    for (const r of results) log(JSON.stringify(r).slice(0, 4000));
    if (!keepWorkDir) await rm(workDir, { recursive: true, force: true });
    return;
  }
  const written = await writeReport({
    benchDir,
    machine,
    results,
    verdicts,
    profiles,
    settings: { quick, concurrency: CONCURRENCY },
  });
  log(
    `wrote ${written.resultsFile} and ${written.jsonlFile} in ${(machine.durationMs / 60_000).toFixed(1)} min`,
  );
  if (!keepWorkDir) await rm(workDir, { recursive: true, force: true });
  const failed = results.filter((r) => r.kind === 'error');
  if (failed.length > 0) {
    log(`${failed.length} run(s) failed: ${failed.map((f) => f.run).join('; ')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
