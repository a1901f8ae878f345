// Memory under a moving estate, in CI form: a few hundred scrapes of an in-process exporter while the
// estate churns underneath (registries, keys, policies, executions come and go; time advances). The
// simulator runs in its own process so its growing world is not counted. The heap after a full GC is
// sampled every 50 scrapes after a warm-up of 80 and must stay within a fixed bound: keeping one rendered
// exposition per scrape would exceed it many times over. The task cache is capped low here so it is full
// before measuring starts (its default cap is 20,000 entries); the long soak with default settings and RSS
// over time is bench/soak.js.

import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfigText } from '../../src/config.js';
import { Exporter } from '../../src/exporter.js';
import { createServer, type ExporterServer } from '../../src/server.js';
import { type ChildSimulator, startChildSimulator } from './helpers/child-exporter.js';
import { churnEstate } from './helpers/estate-churn.js';
import { collectorSuccess } from './helpers/exposition.js';
import { configFor, httpGet, watchProcessFailures } from './helpers/harness.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const WARM_UP = 80;
const CHECKPOINT_EVERY = 50;
const CHECKPOINTS = 3;
const SCRAPES = WARM_UP + CHECKPOINT_EVERY * CHECKPOINTS;
/**
 * Allowed growth between the first and any later checkpoint. Runs here grew 0.4–0.9 MiB over 500 scrapes
 * (lazily compiled functions' metadata, not objects); keeping one 75 KB exposition per scrape would add
 * 11 MiB over the 150 measured scrapes.
 */
const BOUND_BYTES = 3 * 1024 * 1024;

let sim: ChildSimulator;
let exporter: Exporter;
let server: ExporterServer;
let url: string;
const watch = watchProcessFailures();

beforeAll(async () => {
  // The exporter scrapes unpaced (rate_per_second: 0): the simulator enforces no quota either.
  sim = await startChildSimulator(['--seed', '31', '--regions', '1', '--no-tick', '--no-quotas']);
  const fast = { ttl: '1ms' };
  const config = configFor(sim, {
    collectors: {
      swr_signing: { ...fast, task_cache_entries: 20 },
      swr_registries: fast,
      hss_registries: fast,
      apig_signature_keys: fast,
    },
  });
  exporter = new Exporter({
    source: { loaded: await parseConfigText(stringify(config), '(memory)', '.') },
    env: { HUAWEICLOUD_SDK_AK: sim.credentials.ak, HUAWEICLOUD_SDK_SK: sim.credentials.sk },
  });
  server = createServer({
    exporter,
    logging: { level: 'warn', format: 'json', destination: { write() {} } },
  });
  url = await server.listen('127.0.0.1:0');
  await exporter.start(server.log);
}, 30_000);
afterAll(async () => {
  await server?.close(0);
  await exporter?.close();
  sim?.run.process.kill('SIGTERM');
  await sim?.run.exited;
  watch.stop();
});

/**
 * Bytes of JavaScript objects after a full GC: every heap space but the code spaces, whose growth is the JIT
 * compiling hot paths (a heap snapshot diff over 400 scrapes showed exactly that, and no more objects).
 */
function heapAfterGc(): number {
  gc();
  gc();
  return v8
    .getHeapSpaceStatistics()
    .filter((space) => !space.space_name.startsWith('code'))
    .reduce((sum, space) => sum + space.space_used_size, 0);
}

it(`heap after GC stays within ${BOUND_BYTES / 2 ** 20} MiB over ${SCRAPES} scrapes of a churning estate`, async () => {
  const churn = await churnEstate(sim.url);
  let survived = 0;
  let bodyBytes = 0;
  const scrapeOnce = async () => {
    await churn.step();
    const answer = await httpGet(`${url}/metrics`, { 'X-Prometheus-Scrape-Timeout-Seconds': '5' });
    expect(answer.status).toBe(200);
    bodyBytes = answer.body.length;
    expect(Object.values(collectorSuccess(answer.body)).every((v) => v === 1)).toBe(true);
    survived += 1;
  };
  for (let i = 0; i < WARM_UP; i++) await scrapeOnce();
  const samples = [heapAfterGc()];
  for (let c = 0; c < CHECKPOINTS; c++) {
    for (let i = 0; i < CHECKPOINT_EVERY; i++) await scrapeOnce();
    samples.push(heapAfterGc());
  }
  const growth = samples.map((s) => s - (samples[0] ?? 0));
  const mib = growth.map((g) => (g / 2 ** 20).toFixed(2));
  console.log(`heap growth per checkpoint (MiB): ${mib.join(', ')}; exposition ${bodyBytes} bytes`);
  expect(survived).toBe(SCRAPES);
  expect(Math.max(...growth), `heap growth per checkpoint (MiB): ${mib.join(', ')}`).toBeLessThan(
    BOUND_BYTES,
  );
  expect(watch.failures).toEqual([]);
});
