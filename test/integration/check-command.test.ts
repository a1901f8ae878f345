// `huaweicloud-exporter check` against the simulator: every read OK with full permissions; with one IAM action
// taken away from the credential, the table names that action on the row of the refused call and the exit
// code is 1; a wrong endpoint and no secret in the output.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';

let sim: SimulatorHandle;
let dir: string;

function writeConfig(name: string, endpoints: Record<string, string> = sim.endpoints): string {
  const { swr, hss, apig, roma, iam } = endpoints;
  const regions = sim.regions
    .map(
      (r) =>
        `  - name: ${r.name}\n    endpoints: { swr: "${swr}", hss: "${hss}", apig: "${apig}", roma: "${roma}", iam: "${iam}" }\n`,
    )
    .join('');
  const file = join(dir, name);
  writeFileSync(
    file,
    `credentials:\n  ak_file: ak.txt\n  sk_file: sk.txt\n  use_chain: false\nregions:\n${regions}`,
  );
  return file;
}

async function check(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env: {},
  };
  const code = await main(['check', ...args], io);
  return { code, out, err };
}

async function control(method: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${sim.url}/_sim${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  expect(response.status).toBe(200);
}

const rowsOf = (out: string) => out.split('\n').filter((line) => / (OK|FAIL|SKIP) /.test(line));

beforeAll(async () => {
  sim = await startSimulator({ scale: 'small' });
  dir = mkdtempSync(join(tmpdir(), 'hwc-check-'));
  writeFileSync(join(dir, 'ak.txt'), sim.credentials.ak);
  writeFileSync(join(dir, 'sk.txt'), sim.credentials.sk);
});

afterEach(() => control('DELETE', '/auth/denied-actions'));

afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('check command', () => {
  it('passes every read when the credential has every action, and exits 0', async () => {
    const { code, out } = await check([`--config.file=${writeConfig('ok.yml')}`]);
    expect(code).toBe(0);
    const rows = rowsOf(out);
    // Per region: credentials, project id, ListInstance, policies, executions, tasks, registries, HSS,
    // gateway ×2: every action of deploy/iam-policy.json for the default gateway, but ShowInstanceRegistry.
    expect(rows).toHaveLength(10 * sim.regions.length);
    expect(rows.every((row) => row.includes(' OK '))).toBe(true);
    expect(out).toContain(`all ${rows.length} checks passed`);
    expect(out).not.toContain(sim.credentials.ak);
    expect(out).not.toContain(sim.credentials.sk);
  });

  it('names the one missing IAM action on the refused call and exits 1', async () => {
    await control('PUT', '/auth/denied-actions', {
      actions: ['swr:instance:listRegistries'],
      ak: sim.credentials.ak,
    });
    const { code, out } = await check([`--config.file=${writeConfig('deny.yml')}`]);
    expect(code).toBe(1);
    const failed = rowsOf(out).filter((row) => row.includes(' FAIL '));
    expect(failed).toHaveLength(sim.regions.length);
    for (const row of failed) {
      expect(row).toMatch(
        /swr_registries\s+ListInstanceRegistries\s+FAIL\s+missing IAM action swr:instance:listRegistries/,
      );
    }
    expect(out).toContain(`${sim.regions.length} of`);
    expect(out).not.toContain(sim.credentials.sk);
  });

  it('reads a registry named in the config with ShowInstanceRegistry, and names its action when denied', async () => {
    const region = sim.regions[0];
    if (region === undefined) throw new Error('the simulator has no region');
    const unwrap = <T>(result: { ok: true; value: T } | { ok: false }): T => {
      if (!result.ok) throw new Error('simulator lookup failed');
      return result.value;
    };
    const instance = unwrap(sim.world.listSwrInstances(region.projectId))[0];
    const registry = instance && unwrap(sim.world.listSwrRegistries(region.projectId, instance.id))[0];
    if (instance === undefined || registry === undefined) throw new Error('the estate has no SWR registry');
    const swr = `    swr: { registries: [{ instance_id: "${instance.id}", registry_id: ${registry.id} }] }\n`;
    const file = writeConfig('show.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/( {4}endpoints: .*\n)/, `$1${swr}`));
    await control('PUT', '/auth/denied-actions', { actions: ['swr:instance:getRegistry'] });
    const { code, out } = await check([`--config.file=${file}`]);
    expect(code).toBe(1);
    const failed = rowsOf(out).filter((row) => row.includes(' FAIL '));
    // Only the first region names the registry; the others list registries as usual.
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(
      new RegExp(
        `^${region.name}\\s+swr_registries\\s+ShowInstanceRegistry\\s+FAIL\\s+missing IAM action swr:instance:getRegistry`,
      ),
    );
  });

  it('counts the HSS registries of every granted enterprise project, as the collector reads them', async () => {
    const region = sim.regions[0];
    if (region === undefined) throw new Error('the simulator has no region');
    const added = sim.world.addHssRegistry(region.projectId, {
      registry_name: 'in-another-enterprise-project',
      enterprise_project_id: 'ep-check-test',
    });
    expect(added.ok).toBe(true);
    const all = sim.world.listHssRegistries(region.projectId, { enterprise_project_id: 'all_granted_eps' });
    if (!all.ok) throw new Error('simulator lookup failed');
    const { out } = await check([`--config.file=${writeConfig('eps.yml')}`]);
    const row = rowsOf(out).find((r) => r.startsWith(region.name) && r.includes('ListRegistry'));
    expect(row).toMatch(new RegExp(`OK\\s+${all.value.length} registr\\(ies\\) visible`));
  });

  it('leaves a switched-off collector out (--no-collector.NAME)', async () => {
    await control('PUT', '/auth/denied-actions', { actions: ['swr:instance:listRegistries'] });
    const file = writeConfig('off.yml');
    const { code, out } = await check([`--config.file=${file}`, '--no-collector.swr_registries']);
    expect(code).toBe(0);
    expect(out).not.toContain('ListInstanceRegistries');
  });

  it('says the endpoint is wrong when nothing answers there', async () => {
    const endpoints = { ...sim.endpoints, hss: 'http://127.0.0.1:9/hss' };
    const { code, out } = await check([`--config.file=${writeConfig('endpoint.yml', endpoints)}`]);
    expect(code).toBe(1);
    const failed = rowsOf(out).filter((row) => row.includes(' FAIL '));
    expect(failed.length).toBe(sim.regions.length);
    for (const row of failed)
      expect(row).toMatch(
        /hss_registries\s+ListRegistry\s+FAIL\s+wrong endpoint\? http:\/\/127\.0\.0\.1:9\/hss/,
      );
  });

  it('says the endpoint is wrong when the gateway there has no such API (404 APIGW.0101)', async () => {
    // The SWR base answers HSS's path with the gateway's "no such API", as a wrong real endpoint would.
    const endpoints = { ...sim.endpoints, hss: sim.endpoints.swr };
    const { code, out } = await check([`--config.file=${writeConfig('no-api.yml', endpoints)}`]);
    expect(code).toBe(1);
    const failed = rowsOf(out).filter((row) => row.includes(' FAIL '));
    expect(failed.length).toBe(sim.regions.length);
    for (const row of failed) {
      expect(row).toMatch(
        /hss_registries\s+ListRegistry\s+FAIL\s+wrong endpoint\? \S+ has no such API \(404 APIGW\.0101\)/,
      );
    }
  });

  it('says the clock is off when the signature time is outside the server window', async () => {
    const skewed = await startSimulator({ scale: 'small', now: () => Date.now() + 20 * 60_000 });
    try {
      const { code, out } = await check([`--config.file=${writeConfig('clock.yml', skewed.endpoints)}`]);
      expect(code).toBe(1);
      const rows = rowsOf(out);
      // The first signed call (the project lookup) fails; nothing after it is attempted.
      expect(rows.filter((row) => row.includes(' FAIL '))).toHaveLength(sim.regions.length);
      for (const row of rows.filter((r) => r.includes('KeystoneListProjects'))) {
        expect(row).toMatch(/FAIL\s+clock skew: /);
      }
    } finally {
      await skewed.close();
    }
  });

  it('simulator: refuses a denial that names no IAM action, and lists denials without the AK', async () => {
    const bad = await fetch(`${sim.url}/_sim/auth/denied-actions`, {
      method: 'PUT',
      body: JSON.stringify({ actions: ['ListInstance'] }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('actions.0: must be an IAM action like swr:instance:list');
    await control('PUT', '/auth/denied-actions', { actions: ['swr:instance:list'], ak: sim.credentials.ak });
    const listed = await (await fetch(`${sim.url}/_sim/auth/denied-actions`)).text();
    expect(JSON.parse(listed)).toEqual({
      denied: [{ scope: 'one credential', actions: ['swr:instance:list'] }],
    });
    expect(listed).not.toContain(sim.credentials.ak);
  });

  it('refuses to run without a config file (usage error, exit 2)', async () => {
    const { code, err } = await check([]);
    expect(code).toBe(2);
    expect(err).toContain('check: needs --config.file=FILE');
  });
});
