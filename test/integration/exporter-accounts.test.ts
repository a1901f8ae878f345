// One exporter, three accounts (issue 22): its own and two delegating ones the simulator serves, each reached
// through its agency. Every series carries its account; each account's values are its own estate's; an agency
// revoked mid-run fails that account's collectors only, with a reason naming account and agency.

import { afterEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import { expositionText } from '../../src/collectors/encoded-exposition.js';
import { parseConfigText } from '../../src/config.js';
import { Exporter } from '../../src/exporter.js';
import { realSleep } from '../../src/huaweicloud/http/deadline.js';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import type { World } from '../../src/simulator/world/types.js';
import { find } from '../unit/collectors-exposition.js';

const COLLECTORS = ['swr_signing', 'swr_registries', 'hss_registries', 'apig_signature_keys'];
const silent = { debug() {}, info() {}, warn() {}, error() {} };
let sim: SimulatorHandle | undefined;
let exporter: Exporter | undefined;
afterEach(async () => {
  await exporter?.close();
  await sim?.close();
  exporter = undefined;
  sim = undefined;
});

function configText(s: SimulatorHandle): string {
  const { swr, hss, apig, roma, iam } = s.endpoints;
  const endpoints = `endpoints: { swr: "${swr}", hss: "${hss}", apig: "${apig}", roma: "${roma}", iam: "${iam}" }`;
  const regions = (indent: string, list: ReadonlyArray<{ name: string }>) =>
    list.map((r) => `${indent}- name: ${r.name}\n${indent}  ${endpoints}\n`).join('');
  const accounts = s.accounts
    .map(
      (a) =>
        `  - name: ${a.domainName}\n    agency: { domain_name: ${a.domainName}, agency_name: monitoring }\n` +
        `    regions:\n${regions('      ', a.regions)}`,
    )
    .join('');
  return (
    `allow_inline_secrets: true\ncredentials:\n  ak: ${s.credentials.ak}\n  sk: ${s.credentials.sk}\n` +
    `  use_chain: false\naccount: home\nregions:\n${regions('  ', s.regions)}accounts:\n${accounts}` +
    // Every scrape refreshes, so a revocation shows in the next one; no pacing (flow control is elsewhere).
    `collectors:\n${COLLECTORS.map((c) => `  ${c}: { ttl: 1ms }\n`).join('')}client:\n  limits:\n` +
    ['swr', 'hss', 'apig', 'roma', 'iam'].map((c) => `    ${c}: { rate_per_second: 0 }\n`).join('')
  );
}

async function startSim(): Promise<SimulatorHandle> {
  sim = await startSimulator({
    seed: 11,
    scale: 'small',
    quotas: {},
    accounts: [{ domainName: 'sim-account-b' }, { domainName: 'sim-account-c' }],
  });
  return sim;
}

async function start(): Promise<{ sim: SimulatorHandle; exporter: Exporter }> {
  const sim = await startSim();
  const loaded = await parseConfigText(configText(sim), 'accounts.yml', '.');
  exporter = new Exporter({ source: { loaded }, env: {} });
  await exporter.start(silent);
  return { sim, exporter };
}

/** The SWR instance ids of an estate's region, as its API lists them. */
function instanceIds(world: World, region: string): string[] {
  const projectId = world.regions.find((r) => r.name === region)?.projectId ?? '';
  const listed = world.listSwrInstances(projectId);
  return listed.ok ? listed.value.map((instance) => instance.id).sort() : [];
}

function seriesIds(text: string, account: string, region: string): string[] {
  return find(text, 'huaweicloud_swr_instance_status', { account, region })
    .map((s) => s.labels.instance_id ?? '')
    .sort();
}

/** Resolves once Date.now() has moved past `since`: the collectors' 1 ms ttl has then run out. */
async function clockPast(since: number): Promise<void> {
  while (Date.now() <= since + 1) await new Promise((resolve) => setImmediate(resolve));
}

describe('one exporter, several accounts', () => {
  it("serves each account's own estate, labelled with its account, and nothing of another", async () => {
    const { sim, exporter } = await start();
    const text = await exporter.scrape({ timeoutSeconds: 20 });
    const estates = [
      { account: 'home', world: sim.world, regions: sim.regions },
      ...sim.accounts.map((a) => ({ account: a.domainName, world: a.world, regions: a.regions })),
    ];
    const seen: string[] = [];
    for (const { account, world, regions } of estates) {
      for (const { name: region } of regions) {
        for (const collector of COLLECTORS) {
          expect(find(text, 'huaweicloud_collector_success', { account, region, collector })).toEqual([
            expect.objectContaining({ value: 1 }),
          ]);
        }
        const ids = seriesIds(text, account, region);
        expect(ids.length).toBeGreaterThan(0);
        expect(ids).toEqual(instanceIds(world, region));
        seen.push(...ids);
      }
    }
    expect(new Set(seen).size).toBe(seen.length); // no instance in two accounts
    for (const line of text.split('\n')) {
      if (!line.startsWith('huaweicloud_') || line.startsWith('huaweicloud_api_')) continue;
      if (line.startsWith('huaweicloud_config_') || line.startsWith('huaweicloud_exporter_')) continue;
      expect(line).toMatch(/^[a-z_]+\{account="(home|sim-account-b|sim-account-c)",/);
    }
    expect(text).not.toContain(sim.credentials.sk);
    // One set of temporary keys per account, shared by its regions (huaweicloud/credentials/agency-keys.ts).
    expect(sim.regions.length).toBeGreaterThan(1);
    const issued = sim.requestLog
      .entries({})
      .filter((entry) => entry.operation === 'iam.CreateTemporaryAccessKeyByAgency');
    expect(issued.length).toBe(sim.accounts.length);
  });

  it('labels the huaweicloud_api_* series with the account whose clients made the calls', async () => {
    const { sim, exporter } = await start();
    const text = await exporter.scrape({ timeoutSeconds: 20 });
    const lines = text.split('\n').filter((line) => line.startsWith('huaweicloud_api_'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatch(/^[a-z_]+\{(le="[^"]+",)?account="(home|sim-account-b|sim-account-c)",/);
    }
    for (const account of ['home', ...sim.accounts.map((a) => a.domainName)]) {
      const requests = find(text, 'huaweicloud_api_requests_total', { account, service: 'swr' });
      expect(requests.length).toBeGreaterThan(0);
    }
  });

  it("hands out every account's probe targets, and a probe reads one account's region only", async () => {
    const { sim, exporter } = await start();
    const groups = await exporter.targetGroups({ host: 'exporter.example:9786', protocol: 'http' });
    const accounts = ['home', ...sim.accounts.map((a) => a.domainName)];
    for (const group of groups) {
      const { target, __meta_huaweicloud_account: account } = group.labels;
      expect(accounts).toContain(account);
      expect(target?.startsWith(`${account}/${group.labels.__meta_huaweicloud_region}/`)).toBe(true);
    }
    const other = sim.accounts[0];
    if (other === undefined) throw new Error('the simulator serves no delegating account');
    const region = other.regions[0]?.name ?? '';
    for (const account of accounts) {
      expect(groups.some((g) => g.labels.target === `${account}/${region}/hss_registries`)).toBe(true);
    }
    const signing = groups.find((g) =>
      g.labels.target?.startsWith(`${other.domainName}/${region}/swr_signing/`),
    )?.labels.target;
    if (signing === undefined) throw new Error(`no swr_signing target of ${other.domainName} listed`);
    const probed = await exporter.probe(signing, { timeoutSeconds: 20 });
    expect(probed.success).toBe(true);
    const text = expositionText(probed.body);
    const collected = text.split('\n').filter((l) => l.startsWith('huaweicloud_swr_'));
    expect(collected.length).toBeGreaterThan(0);
    for (const line of collected) {
      expect(line).toMatch(new RegExp(`^[a-z_]+\\{account="${other.domainName}",region="${region}",`));
    }
  });

  it('fails only the account whose agency is revoked, saying why, and keeps the others', async () => {
    const { sim, exporter } = await start();
    await exporter.scrape({ timeoutSeconds: 20 });
    const revoked = await fetch(`${sim.url}/_sim/agencies/revoke`, {
      method: 'POST',
      body: JSON.stringify({ domain: 'sim-account-b', agency: 'monitoring' }),
    });
    expect(revoked.status).toBe(200);
    // The keys in hand are refused first (401); the next refresh asks IAM, which refuses the agency.
    let text = '';
    for (let scrape = 0; scrape < 2; scrape++) {
      const before = Date.now();
      await clockPast(before);
      text = await exporter.scrape({ timeoutSeconds: 20 });
    }
    const success = find(text, 'huaweicloud_collector_success');
    const byAccount = (account: string) => success.filter((s) => s.labels.account === account);
    expect(byAccount('sim-account-b').length).toBeGreaterThan(0);
    expect(byAccount('sim-account-b').every((s) => s.value === 0)).toBe(true);
    for (const account of ['home', 'sim-account-c']) {
      expect(byAccount(account).length).toBeGreaterThan(0);
      expect(byAccount(account).every((s) => s.value === 1)).toBe(true);
    }
    const reasons = exporter
      .status()
      .filter((s) => s.account === 'sim-account-b')
      .map((s) => s.lastError ?? '');
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason).toMatch(/agency monitoring of account sim-account-b/);
    expect(exporter.status().filter((s) => s.account !== 'sim-account-b' && s.lastError !== null)).toEqual(
      [],
    );
  });

  it("renews each agency's keys before they expire, with no scrape failing on the way", async () => {
    // One clock for the simulator (key expiry, X-Sdk-Date) and the exporter's clients, moved by hand: the
    // keys' hour passes without waiting for it. Sleeps (retry back-off) stay real.
    let offsetMs = 0;
    const now = () => Date.now() + offsetMs;
    sim = await startSimulator({
      seed: 11,
      scale: 'small',
      quotas: {},
      now,
      accounts: [{ domainName: 'sim-account-b' }, { domainName: 'sim-account-c' }],
    });
    const loaded = await parseConfigText(configText(sim), 'accounts.yml', '.');
    exporter = new Exporter({ source: { loaded }, env: {}, clock: { now, sleep: realSleep } });
    await exporter.start(silent);
    const issued = () =>
      sim?.requestLog.entries({}).filter((e) => e.operation === 'iam.CreateTemporaryAccessKeyByAgency')
        .length;
    const scrapeAllSucceeded = async () => {
      await clockPast(Date.now());
      const text = await exporter?.scrape({ timeoutSeconds: 20 });
      const success = find(text ?? '', 'huaweicloud_collector_success');
      expect(success.length).toBe(3 * COLLECTORS.length * (sim?.regions.length ?? 0));
      expect(success.filter((s) => s.value !== 1)).toEqual([]);
    };
    await scrapeAllSucceeded();
    expect(issued()).toBe(2);
    // 1 h keys are renewed in their last 10 minutes: 52 min in, the old keys still serve while new are asked.
    offsetMs += 52 * 60_000;
    await scrapeAllSucceeded();
    await scrapeAllSucceeded();
    expect(issued()).toBe(4);
    // Past the first keys' end: only the renewed ones can sign, and every scrape still succeeds.
    offsetMs += 10 * 60_000;
    await scrapeAllSucceeded();
    expect(issued()).toBe(4);
  });

  it('checks every account: a row per account and region, a revoked agency failing its own only', async () => {
    const sim = await startSim();
    const loaded = await parseConfigText(configText(sim), 'accounts.yml', '.');
    await fetch(`${sim.url}/_sim/agencies/revoke`, {
      method: 'POST',
      body: JSON.stringify({ domain: 'sim-account-c', agency: 'monitoring' }),
    });
    const rows = await runCheck(loaded, { env: {} });
    const region = sim.regions[0]?.name ?? '';
    for (const account of ['home', 'sim-account-b', 'sim-account-c']) {
      expect(rows.some((r) => r.region === `${account}/${region}`)).toBe(true);
    }
    const failed = rows.filter((r) => r.result === 'FAIL');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.region.startsWith('sim-account-c/'))).toBe(true);
    expect(failed[0]?.detail).toMatch(/agency monitoring of account sim-account-c/);
  });
});
