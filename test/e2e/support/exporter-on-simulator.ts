// The exporter as a user runs it, against the simulator: a config file naming every simulated region with
// its endpoints, credentials from the environment, the HTTP server on 127.0.0.1:0. Cache TTLs are cut to a
// second so a change in the simulated world shows at the next scrape.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { Exporter } from '../../../src/exporter.js';
import { createServer } from '../../../src/server.js';
import { type SimulatorHandle, startSimulator } from '../../../src/simulator/index.js';

/** The config's `regions`: every region of the simulator, all services at its endpoints. */
export function simulatorRegions(simulator: SimulatorHandle) {
  const { swr, hss, apig, roma, iam } = simulator.endpoints;
  return simulator.regions.map((region) => ({
    name: region.name,
    project_id: region.projectId,
    endpoints: { swr, hss, apig, roma, iam },
  }));
}

export interface ExporterOnSimulator {
  simulator: SimulatorHandle;
  /** host:port Prometheus scrapes. */
  target: string;
  close(): Promise<void>;
}

export async function startExporterOnSimulator(
  seed: number,
  opts: { variety?: boolean } = {},
): Promise<ExporterOnSimulator> {
  // No clock ticking: the world changes only when the test says so. Quota pacing has its own tests: here the
  // exporter runs unpaced and the simulator enforces no flow control, so a change shows within a second or two
  // (paced, HSS answers once per 12.5 s, longer than the scenario waits).
  const simulator = await startSimulator({ seed, scale: 'small', quotas: {}, ...opts });
  const dir = await mkdtemp(join(tmpdir(), 'e2e-exporter-'));
  const fast = { ttl: '1s' };
  const configFile = join(dir, 'config.yml');
  await writeFile(
    configFile,
    stringify({
      regions: simulatorRegions(simulator),
      collectors: {
        swr_signing: fast,
        swr_registries: fast,
        hss_registries: fast,
        apig_signature_keys: fast,
        swr_replication: { enabled: true, ...fast },
        swr_retention: { enabled: true, ...fast },
      },
      // Scrapes every second leave a one-second budget: keep most of it for the upstream calls.
      scrape: { timeout_offset: '100ms' },
      client: { limits: { hss: { rate_per_second: 0 } } },
    }),
  );
  const exporter = new Exporter({
    source: { file: configFile },
    env: { HUAWEICLOUD_SDK_AK: simulator.credentials.ak, HUAWEICLOUD_SDK_SK: simulator.credentials.sk },
  });
  const server = createServer({ exporter, logging: { level: 'error', format: 'logfmt' } });
  const close = async () => {
    await server.close(0);
    await exporter.close();
    await simulator.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const url = await server.listen('127.0.0.1:0');
    await exporter.start(server.log);
    return { simulator, target: new URL(url).host, close };
  } catch (error) {
    await close();
    throw error;
  }
}
