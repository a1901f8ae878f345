// SIGTERM during a scrape that waits on a slow upstream. As a process: the exporter stops taking new work,
// the scrape in flight still gets a whole answer (its deadline ends it), and the process exits 0 soon after.
// In process, with a scrape deadline longer than the shutdown grace: the scrape is aborted when the grace
// runs out and answers 503 with a reason — again a complete response, never a torn one.

import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfigText } from '../../src/config.js';
import { Exporter } from '../../src/exporter.js';
import { serveUntilStopped } from '../../src/server/lifecycle.js';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { startChildExporter, waitFor } from './helpers/child-exporter.js';
import { parseExposition } from './helpers/exposition.js';
import { configFor, httpGet, watchProcessFailures } from './helpers/harness.js';

const PENDING = 1_000;

let sim: SimulatorHandle;
let dir: string;
const watch = watchProcessFailures();

beforeAll(async () => {
  sim = await startSimulator({ seed: 17, scale: { regions: 1 }, quotas: {} });
  dir = await mkdtemp(join(tmpdir(), 'hwc-shutdown-'));
});
afterAll(async () => {
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
  watch.stop();
});

/** Every API request from now on waits `latencyMs`; resolves once the first of them has reached the simulator. */
function slowUpstream(latencyMs: number): () => Promise<void> {
  sim.faults.clear();
  sim.faults.set('*', { latencyMs, count: PENDING });
  return () => waitFor('an upstream request', () => (sim.faults.list()['*']?.count ?? 0) < PENDING);
}

describe('SIGTERM to the exporter process', () => {
  it('answers the scrape in flight in full, then exits 0', async () => {
    const file = join(dir, 'config.yml');
    await writeFile(file, stringify(configFor(sim)));
    const exporter = await startChildExporter([`--config.file=${file}`], {
      HUAWEICLOUD_SDK_AK: sim.credentials.ak,
      HUAWEICLOUD_SDK_SK: sim.credentials.sk,
    });
    const arrived = slowUpstream(30_000);
    // Prometheus' 3 s timeout: the exporter's own deadline (minus its offset) ends the scrape first.
    const scrape = httpGet(`${exporter.url}/metrics`, { 'X-Prometheus-Scrape-Timeout-Seconds': '3' });
    await arrived();
    exporter.process.kill('SIGTERM');
    const answer = await scrape;
    await waitFor('the process to exit', () => exporter.process.exitCode !== null, 15_000);

    expect(answer.status).toBe(200);
    const samples = parseExposition(answer.body); // throws on a torn line
    const success = samples.filter((s) => s.name === 'huaweicloud_collector_success');
    expect(success).toHaveLength(4);
    expect(success.every((s) => s.value === 0)).toBe(true);
    expect(answer.headers.get('connection')).toBe('close');
    expect(await exporter.exited).toEqual({ code: 0, signal: null });
    expect(exporter.stderr).toMatch(/"msg":"shutting down"/);
    expect(exporter.stderr).toContain('"signal":"SIGTERM"');
  });
});

/** serveUntilStopped with a 300 ms grace; SIGTERM arrives while a scrape with a 50 s budget waits upstream. */
async function scrapeThroughShutdownGrace() {
  const exporter = new Exporter({
    source: {
      loaded: await parseConfigText(
        stringify(configFor(sim, { scrape: { max_timeout: '60s', timeout_offset: '50ms' } })),
        '(shutdown)',
        dir,
      ),
    },
    env: { HUAWEICLOUD_SDK_AK: sim.credentials.ak, HUAWEICLOUD_SDK_SK: sim.credentials.sk },
  });
  const signals = new EventEmitter();
  let url = '';
  const lines: string[] = [];
  const stopped = serveUntilStopped({
    exporter,
    listenAddress: '127.0.0.1:0',
    telemetryPath: '/metrics',
    maxRequests: 10,
    webConfig: undefined,
    logging: { level: 'info', format: 'json', destination: { write: (l: string) => lines.push(l) } },
    start: (log) => exporter.start(log),
    stop: () => exporter.close(),
    onReady: (ready) => {
      url = ready;
    },
    signals,
    shutdownGraceMs: 300,
  });
  await waitFor('the exporter to be ready', () => url !== '');
  const arrived = slowUpstream(30_000);
  const scrape = httpGet(`${url}/metrics`, { 'X-Prometheus-Scrape-Timeout-Seconds': '50' });
  await arrived();
  signals.emit('SIGTERM');
  const answer = await scrape;
  return { answer, code: await stopped, lines };
}

describe('shutdown grace', () => {
  it('ends a scrape that outlives the grace with a complete answer, and stops with code 0', async () => {
    const { answer, code } = await scrapeThroughShutdownGrace();
    expect(code).toBe(0);
    expect([200, 503]).toContain(answer.status);
    if (answer.status === 200) expect(parseExposition(answer.body).length).toBeGreaterThan(0);
    else expect(answer.body).toMatch(/^scrape aborted: .+\n$/);
    expect(watch.failures).toEqual([]);
  });

  it('answers 503 "scrape aborted", not a 200 that reports every collector as failed', async () => {
    const { answer, lines } = await scrapeThroughShutdownGrace();
    expect(answer.status).toBe(503);
    expect(answer.body).toBe('scrape aborted: the exporter is shutting down\n');
    expect(lines.some((l) => l.includes('"msg":"scrape aborted"'))).toBe(true);
  });
});
