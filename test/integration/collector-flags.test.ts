// --collector.NAME / --no-collector.NAME reach the exporter: they win over the config file, on the first load
// and on every reload (a reload re-reads the file, not the flags).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Exporter } from '../../src/exporter.js';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';

const SILENT = { debug() {}, info() {}, warn() {}, error() {} };
let sim: SimulatorHandle;
let dir: string;
let configFile: string;

function writeConfig(collectors: string) {
  const { swr, hss, apig, roma, iam } = sim.endpoints;
  const region = sim.regions[0];
  writeFileSync(
    configFile,
    `credentials:\n  ak_file: ak.txt\n  sk_file: sk.txt\n  use_chain: false\nregions:\n  - name: ${region?.name}\n    project_id: "${region?.projectId}"\n    endpoints: { swr: "${swr}", hss: "${hss}", apig: "${apig}", roma: "${roma}", iam: "${iam}" }\ncollectors:\n${collectors}`,
  );
}

const successOf = (body: string, collector: string) =>
  new RegExp(`huaweicloud_collector_success\\{collector="${collector}"`).test(body);

beforeAll(async () => {
  sim = await startSimulator({ scale: 'small' });
  dir = mkdtempSync(join(tmpdir(), 'hwc-collector-flags-'));
  configFile = join(dir, 'config.yml');
  writeFileSync(join(dir, 'ak.txt'), sim.credentials.ak);
  writeFileSync(join(dir, 'sk.txt'), sim.credentials.sk);
});

afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('collector switches', () => {
  it('override the config file on start and after a reload', async () => {
    writeConfig('  hss_registries: { enabled: true }\n  apig_signature_keys: { enabled: false }\n');
    const exporter = new Exporter({
      source: { file: configFile },
      env: {},
      collectorOverrides: { hss_registries: false, apig_signature_keys: true },
    });
    await exporter.start(SILENT);
    try {
      const first = await exporter.scrape({ timeoutSeconds: 10 });
      expect(successOf(first, 'hss_registries')).toBe(false);
      expect(first).not.toContain('huaweicloud_hss_registry_info{');
      expect(successOf(first, 'apig_signature_keys')).toBe(true);
      expect(successOf(first, 'swr_signing')).toBe(true);

      writeConfig('  hss_registries: { enabled: true }\n  swr_signing: { enabled: false }\n');
      expect((await exporter.reload()).ok).toBe(true);
      const reloaded = await exporter.scrape({ timeoutSeconds: 10 });
      expect(successOf(reloaded, 'hss_registries')).toBe(false);
      expect(successOf(reloaded, 'swr_signing')).toBe(false);
      expect(successOf(reloaded, 'apig_signature_keys')).toBe(true);
    } finally {
      await exporter.close();
    }
  });
});
