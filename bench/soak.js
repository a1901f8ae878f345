// The soak: the exporter (dist/cli.js) and the simulator, each in its own process, for minutes on end — several
// scrapers on loopback, the estate churning underneath through the simulator's control API (registries, keys,
// policies and executions come and go, the world clock moves), upstream faults injected now and then — while
// the exporter's RSS (/proc) and V8 heap (its own nodejs_heap_size_used_bytes) are sampled over time.
//
//   npm run build && node bench/soak.js [--minutes 5] [--policies 200] [--scrapers 3] [--interval-ms 1000]
//        [--churn-every-ms 2000] [--fault-every-ms 15000] [--sample-every-ms 10000] [--json FILE]
//
// Exit code 1 when a scrape got no answer or a non-200 one, when the exporter died, or when memory kept
// growing (RSS floor of the last quarter more than 10 % + 8 MiB above the second window's). From the bench:
// `import { runSoak } from './soak.js'` and `await runSoak({ minutes: 5 })` resolves with the summary.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exporterConfig, startExporterProcess } from './lib/exporter.js';
import { rssBytes } from './lib/proc.js';
import { closeScrapers, scrape } from './lib/scrape.js';
import { startSimulatorProcess } from './lib/simulator.js';

const MiB = 2 ** 20;
const DEFAULTS = {
  minutes: 5,
  policies: 200,
  scrapers: 3,
  intervalMs: 1000,
  churnEveryMs: 2000,
  faultEveryMs: 15_000,
  faultLengthMs: 4000,
  sampleEveryMs: 10_000,
  ttlSeconds: 1,
};
/** Faults the soak cycles through, each on one operation for faultLengthMs. */
const FAULTS = [
  ['swr.ListInstanceSignPolicyExecutions', { error500Rate: 1 }],
  ['hss.ListRegistry', { throttleRate: 1 }],
  ['apig.ListSignatureKeysV2', { malformedRate: 1 }],
  ['swr.ListInstanceRegistries', { resetRate: 1 }],
  ['swr.ListInstanceSignPolicies', { latencyMs: 30_000 }],
  ['hss.ListRegistry', { truncateRate: 1 }],
  ['swr.ListInstance', { error503Rate: 1 }],
  ['apig.ListInstancesV2', { dripRate: 1, dripIntervalMs: 200 }],
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (text) => process.stdout.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${text}\n`);

function control(simulator) {
  return async (method, path, body) => {
    const response = await fetch(`${simulator.url}/_sim${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok)
      throw new Error(`simulator control ${method} ${path}: ${json.error ?? response.status}`);
    return json;
  };
}

/** Churn through the control API: what step N adds, step N+3 removes; one execution open per region. */
async function estateChurn(call) {
  const snapshot = await call('GET', '/world/snapshot');
  const regions = [];
  for (const p of snapshot) {
    const swr = p.swr.find((i) => i.instance.status === 'Running' && i.policies.length > 0);
    if (swr === undefined) continue;
    const policy = swr.policies[0].policy;
    regions.push({
      projectId: p.project.id,
      instanceId: swr.instance.id,
      namespace: policy.namespace_name,
      policyId: policy.id,
      gatewayId: p.apig[0]?.instance.id,
      open: undefined,
    });
  }
  const pending = [];
  let steps = 0;
  return {
    get steps() {
      return steps;
    },
    async step() {
      steps += 1;
      const undo = [];
      for (const r of regions) {
        const swr = `/world/${r.projectId}/swr/${r.instanceId}`;
        const registry = await call('POST', `${swr}/registries`, { name: `soak-${steps}` });
        await call('PUT', `${swr}/registries/${registry.id}/status`, {
          status: steps % 2 ? 'unhealthy' : 'healthy',
        });
        undo.push(() => call('DELETE', `${swr}/registries/${registry.id}`));
        const hss = await call('POST', `/world/${r.projectId}/hss/registries`, {
          registry_name: `soak-${steps}`,
        });
        undo.push(() => call('DELETE', `/world/${r.projectId}/hss/registries/${hss.id}`));
        if (r.gatewayId !== undefined) {
          const keys = `/world/${r.projectId}/apig/${r.gatewayId}/keys`;
          const key = await call('POST', keys, { name: `soak_${steps}` });
          undo.push(() => call('DELETE', `${keys}/${key.id}`));
        }
        const policy = await call('POST', `${swr}/policies`, {
          namespace_name: r.namespace,
          name: `soak-${steps}`,
        });
        undo.push(() => call('DELETE', `${swr}/policies/${policy.id}`));
        const executions = `${swr}/policies/${r.policyId}/executions`;
        if (r.open !== undefined) {
          await call('POST', `${executions}/${r.open}/finish`, { status: steps % 3 ? 'Succeed' : 'Failed' });
        }
        const tasks = Array.from({ length: 4 }, (_, i) => ({
          status: i === 3 && steps % 4 === 0 ? 'Error' : 'Success',
          repository: `repo-${(steps + i) % 50}`,
        }));
        r.open = (await call('POST', executions, { status: 'InProgress', tasks })).id;
      }
      pending.push(undo);
      if (pending.length > 3) for (const remove of pending.shift()) await remove();
      await call('POST', '/time/tick', { seconds: 60 });
    },
  };
}

/** The lowest value per window: what stays resident after garbage collection. */
function floors(samples, key, windows) {
  const size = Math.max(1, Math.ceil(samples.length / windows));
  const out = [];
  for (let i = 0; i < samples.length; i += size) {
    out.push(Math.min(...samples.slice(i, i + size).map((s) => s[key])));
  }
  return out;
}

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(
      [
        'minutes',
        'policies',
        'scrapers',
        'interval-ms',
        'churn-every-ms',
        'fault-every-ms',
        'sample-every-ms',
        'json',
      ].map((name) => [name, { type: 'string' }]),
    ),
  });
  const options = {};
  for (const [flag, value] of Object.entries(values)) {
    if (flag === 'json') continue;
    const number = Number(value);
    if (!Number.isFinite(number) || number < 0)
      throw new Error(`--${flag} must be a number ≥ 0, got "${value}"`);
    options[flag.replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = number;
  }
  return { options, jsonFile: values.json };
}

export async function runSoak(given = {}) {
  const o = { ...DEFAULTS, ...given };
  const workDir = await mkdtemp(join(tmpdir(), 'huaweicloud-exporter-soak-'));
  const simulator = await startSimulatorProcess({ policies: o.policies, seed: 7 });
  const call = control(simulator);
  const config = exporterConfig(simulator, { ttlSeconds: o.ttlSeconds, concurrency: 10 });
  config.scrape = { ...config.scrape, max_timeout: '20s', discovery_ttl: '10s' };
  const exporter = await startExporterProcess({ simulator, workDir, name: 'soak', config });
  const churn = await estateChurn(call);
  const counts = { scrapes: 0, ok: 0, collectorFailures: 0, errors: 0, faults: 0, upstreamCalls: 0 };
  const errorMessages = [];
  const samples = [];
  const started = Date.now();
  const until = started + o.minutes * 60_000;
  let lastHeap = 0;

  const scraper = async () => {
    while (Date.now() < until) {
      counts.scrapes += 1;
      try {
        const result = await scrape(exporter.baseUrl);
        lastHeap = result.heapUsedBytes;
        if (result.collectorsOk) counts.ok += 1;
        else counts.collectorFailures += 1;
      } catch (error) {
        counts.errors += 1;
        if (errorMessages.length < 20) errorMessages.push(error.message);
      }
      await sleep(o.intervalMs);
    }
  };
  const churner = async () => {
    while (Date.now() < until) {
      await churn.step();
      await sleep(o.churnEveryMs);
    }
  };
  const faulter = async () => {
    if (o.faultEveryMs === 0) return;
    for (let i = 0; Date.now() + o.faultEveryMs < until; i++) {
      await sleep(o.faultEveryMs);
      const [target, spec] = FAULTS[i % FAULTS.length];
      await call('PUT', `/faults/${target}`, spec);
      counts.faults += 1;
      await sleep(o.faultLengthMs);
      await call('DELETE', '/faults');
    }
  };
  const sampler = async () => {
    while (Date.now() < until) {
      samples.push({
        minute: (Date.now() - started) / 60_000,
        scrapes: counts.scrapes,
        rss: rssBytes(exporter.pid),
        heap: lastHeap,
      });
      counts.upstreamCalls += (await simulator.takeLog()).length;
      log(
        `${samples.at(-1).minute.toFixed(1)} min: ${counts.scrapes} scrapes, RSS ${(samples.at(-1).rss / MiB).toFixed(1)} MiB, heap ${(lastHeap / MiB).toFixed(1)} MiB`,
      );
      await sleep(o.sampleEveryMs);
    }
  };

  log(`${o.minutes} min, ${o.policies} policies, ${o.scrapers} scraper(s); work dir ${workDir}`);
  let exit;
  try {
    await Promise.all([...Array.from({ length: o.scrapers }, scraper), churner(), faulter(), sampler()]);
    counts.upstreamCalls += (await simulator.takeLog()).length;
  } finally {
    await call('DELETE', '/faults').catch(() => undefined);
    exit = await exporter.stop();
    await simulator.close();
  }
  const rssFloors = floors(samples, 'rss', 8);
  // The first samples may come before any scrape has reported a heap figure.
  const heapFloors = floors(
    samples.filter((s) => s.heap > 0),
    'heap',
    8,
  );
  const base = rssFloors[Math.min(1, rssFloors.length - 1)];
  const lastQuarter = Math.min(...samples.slice(Math.floor(samples.length * 0.75)).map((s) => s.rss));
  const rssGrowthBytes = lastQuarter - base;
  const leak = lastQuarter > base * 1.1 + 8 * MiB;
  const summary = {
    options: o,
    minutes: (Date.now() - started) / 60_000,
    ...counts,
    churnSteps: churn.steps,
    exporterExit: exit,
    errorMessages,
    rssFloorsMiB: rssFloors.map((b) => Number((b / MiB).toFixed(1))),
    heapFloorsMiB: heapFloors.map((b) => Number((b / MiB).toFixed(1))),
    rssGrowthMiB: Number((rssGrowthBytes / MiB).toFixed(1)),
    leak,
    samples,
  };
  if (!leak && counts.errors === 0) await rm(workDir, { recursive: true, force: true });
  return summary;
}

async function main() {
  const { options, jsonFile } = parseOptions(process.argv.slice(2));
  // The scrape agent is lib/scrape.js's, shared with the bench: only the command line closes it.
  const s = await runSoak(options).finally(closeScrapers);
  log(
    `${s.scrapes} scrapes in ${s.minutes.toFixed(1)} min: ${s.ok} all collectors ok, ${s.collectorFailures} with a collector failing (${s.faults} faults injected), ${s.errors} without a 200 answer`,
  );
  log(
    `${s.churnSteps} churn steps, ${s.upstreamCalls} upstream calls; exporter exit ${JSON.stringify(s.exporterExit)}`,
  );
  log(`RSS floors (MiB): ${s.rssFloorsMiB.join(' → ')}; heap floors (MiB): ${s.heapFloorsMiB.join(' → ')}`);
  log(
    s.leak ? `MEMORY GREW by ${s.rssGrowthMiB} MiB` : `memory flat (RSS ${s.rssGrowthMiB} MiB after warm-up)`,
  );
  for (const e of s.errorMessages) log(`error: ${e}`);
  if (jsonFile !== undefined) await writeFile(jsonFile, `${JSON.stringify(s, null, 2)}\n`);
  const died = s.exporterExit.code !== 0;
  if (s.errors > 0 || s.leak || died) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`soak: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
