// End to end: two exporter replicas (in-process, --probe-only, one simulator behind both) and a real Prometheus
// running deploy/prometheus-sharded.yml with the example's host names pointed at the replicas: it finds the
// probe targets through one replica's /targets, shards them with hashmod, and probes each shard on its own
// replica. Every discovered target must arrive exactly once, and so must every signature policy.
// Without /usr/bin/prometheus the suite is skipped with a message, unless REQUIRE_PROMETHEUS=1 (CI).

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { Exporter } from '../../src/exporter.js';
import { createServer, type ExporterServer } from '../../src/server.js';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { simulatorRegions } from './support/exporter-on-simulator.js';
import { assertExecutable, PROMETHEUS, skipWithout } from './support/prometheus-binaries.js';
import { eventually, type Sample } from './support/prometheus-server.js';

const EXAMPLE = new URL('../../deploy/prometheus-sharded.yml', import.meta.url);
const SHARD_JOBS = ['huaweicloud-probe-shard-0', 'huaweicloud-probe-shard-1'];
const WAIT_MS = 15_000;

interface Replica {
  exporter: Exporter;
  server: ExporterServer;
  address: string;
}

async function startReplica(dir: string, simulator: SimulatorHandle, name: string): Promise<Replica> {
  const configFile = join(dir, `${name}.yml`);
  await writeFile(
    configFile,
    stringify({
      regions: simulatorRegions(simulator),
      scrape: { timeout_offset: '100ms' },
    }),
  );
  const exporter = new Exporter({
    source: { file: configFile },
    env: { HUAWEICLOUD_SDK_AK: simulator.credentials.ak, HUAWEICLOUD_SDK_SK: simulator.credentials.sk },
    probeOnly: true,
  });
  const server = createServer({ exporter, logging: { level: 'error', format: 'logfmt' } });
  const url = await server.listen('127.0.0.1:0');
  await exporter.start(server.log);
  return { exporter, server, address: new URL(url).host };
}

async function freePort(): Promise<number> {
  const server = createNetServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** The example config, its host names replaced by the replicas' addresses and its intervals cut to 1 s. */
async function exampleFor(service: string, replicas: readonly Replica[]): Promise<string> {
  let text = await readFile(EXAMPLE, 'utf8');
  text = text.replaceAll('huaweicloud-exporter:9786', service);
  replicas.forEach((replica, i) => {
    text = text.replaceAll(`huaweicloud-exporter-${i}:9786`, replica.address);
  });
  const config = parse(text) as {
    global: Record<string, string>;
    rule_files?: string[];
    scrape_configs: Array<{ http_sd_configs?: Array<{ refresh_interval?: string }> }>;
  };
  config.global = { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' };
  delete config.rule_files;
  for (const job of config.scrape_configs) {
    for (const sd of job.http_sd_configs ?? []) sd.refresh_interval = '2s';
  }
  return stringify(config);
}

describe.skipIf(skipWithout(PROMETHEUS))('sharding probe targets across two replicas with hashmod', () => {
  let dir: string;
  let simulator: SimulatorHandle;
  const replicas: Replica[] = [];
  let prometheus: ChildProcess | undefined;
  let prometheusUrl: string;
  let output = '';
  let discovered: string[];

  async function api<T>(path: string): Promise<T> {
    const body = (await (await fetch(`${prometheusUrl}${path}`)).json()) as { status: string; data: T };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${JSON.stringify(body)}`);
    return body.data;
  }
  const query = async (expr: string) =>
    (await api<{ result: Sample[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result;

  beforeAll(async () => {
    assertExecutable(PROMETHEUS);
    dir = await mkdtemp(join(tmpdir(), 'e2e-scale-out-'));
    simulator = await startSimulator({ seed: 20_240_707, scale: 'small' });
    replicas.push(await startReplica(dir, simulator, 'a'), await startReplica(dir, simulator, 'b'));
    const [first] = replicas as [Replica];
    const sd = await fetch(`http://${first.address}/targets`);
    const groups = (await sd.json()) as Array<{ labels: Record<string, string> }>;
    discovered = groups.map((g) => g.labels.__param_target as string);

    await writeFile(join(dir, 'prometheus.yml'), await exampleFor(first.address, replicas));
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    prometheus.stdout?.on('data', collect);
    prometheus.stderr?.on('data', collect);
    const ready = await eventually(
      async () =>
        (await fetch(`${prometheusUrl}/-/ready`).then(
          (r) => r.ok,
          () => false,
        )) || undefined,
      WAIT_MS,
      100,
    );
    if (ready === undefined) throw new Error(`Prometheus did not become ready:\n${output}`);
  });

  afterAll(async () => {
    if (prometheus !== undefined && prometheus.exitCode === null) {
      const exited = once(prometheus, 'exit');
      prometheus.kill('SIGTERM');
      await exited;
    }
    for (const replica of replicas) {
      await replica.server.close(0);
      await replica.exporter.close();
    }
    await simulator?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('discovers every collector in every region', () => {
    const collectors = new Set(discovered.map((t) => t.split('/')[1]));
    expect(collectors).toEqual(
      new Set(['swr_signing', 'swr_registries', 'hss_registries', 'apig_signature_keys']),
    );
    const regions = new Set(discovered.map((t) => t.split('/')[0]));
    expect(regions).toEqual(new Set(simulator.regions.map((r) => r.name)));
  });

  it('probes every discovered target exactly once, each shard on its own replica', async () => {
    const perTarget = await eventually(async () => {
      const result = await query('count by (target) (huaweicloud_probe_success == 1)');
      return result.length === discovered.length ? result : undefined;
    }, WAIT_MS);
    expect(perTarget?.length, `probed targets\n${output}`).toBe(discovered.length);
    expect(new Set(perTarget?.map((s) => s.metric.target))).toEqual(new Set(discovered));
    expect(perTarget?.every((s) => s.value[1] === '1')).toBe(true);
    expect(await query('count by (target) (huaweicloud_probe_success) > 1')).toEqual([]);
    // `instance` stays the replica, as on the replicas' own metrics (the dashboards' instance variable).
    const instances = await query('count by (instance) (huaweicloud_probe_success)');
    expect(instances.map((s) => s.metric.instance).sort()).toEqual(replicas.map((r) => r.address).sort());

    const targets = await api<{
      activeTargets: Array<{ scrapePool: string; scrapeUrl: string; labels: Record<string, string> }>;
    }>('/api/v1/targets?state=active');
    const probes = targets.activeTargets.filter((t) => SHARD_JOBS.includes(t.scrapePool));
    expect(probes.map((t) => t.labels.target).sort()).toEqual([...discovered].sort());
    SHARD_JOBS.forEach((job, index) => {
      const shard = probes.filter((t) => t.scrapePool === job);
      expect(shard.length, `${job} has targets`).toBeGreaterThan(0);
      for (const target of shard) expect(new URL(target.scrapeUrl).host).toBe(replicas[index]?.address);
    });
  });

  it('brings every signature policy in once, and no collection through the replicas’ /metrics', async () => {
    let policies = 0;
    for (const region of simulator.regions) {
      const instances = simulator.world.listSwrInstances(region.projectId, { status: 'Running' });
      if (!instances.ok) throw new Error(instances.message);
      for (const instance of instances.value) {
        const listed = simulator.world.listSignPolicies(region.projectId, instance.id);
        if (listed.ok) policies += listed.value.length;
      }
    }
    expect(policies).toBeGreaterThan(0);
    const counted = await eventually(async () => {
      const [total] = await query('count(huaweicloud_swr_signature_policy_info)');
      return total?.value[1] === String(policies) ? total : undefined;
    }, WAIT_MS);
    expect(counted?.value[1]).toBe(String(policies));
    expect(
      await query(
        'count by (region, instance_id, namespace, policy_id) (huaweicloud_swr_signature_policy_info) > 1',
      ),
    ).toEqual([]);

    // Each replica's own /metrics shows its upstream calls once Prometheus has scraped it after its first
    // probe (with the /probe allowlist that probe first reads the discovery, a little later than before).
    const own =
      (await eventually(async () => {
        const result = await query(
          'count by (instance) (huaweicloud_api_requests_total{job="huaweicloud-exporter"})',
        );
        return result.length === replicas.length ? result : undefined;
      }, WAIT_MS)) ?? [];
    expect(own.map((s) => s.metric.instance).sort()).toEqual(replicas.map((r) => r.address).sort());
    expect(await query('huaweicloud_collector_success{job="huaweicloud-exporter"}')).toEqual([]);
  });
});
