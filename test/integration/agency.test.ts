// One monitoring account and two delegating accounts in the simulator: clients that assume each account's
// agency see that account's estate and nothing else, renew their temporary keys before expiry without a
// failed call (one virtual clock for client and simulator), and a revoked agency fails only its own client,
// with a CREDENTIALS error that names account and agency and carries no secret.

import { afterEach, describe, expect, it } from 'vitest';
import { createRegionApi, type RegionClient } from '../../src/huaweicloud/client.js';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { type BudgetKey, CallBudgets } from '../../src/huaweicloud/http/call-budgets.js';
import type { AgencyAssumption } from '../../src/huaweicloud/options.js';
import { Secret } from '../../src/huaweicloud/secret.js';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';

const MINUTE = 60_000;
let sim: SimulatorHandle | undefined;
const clients: RegionClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await sim?.close();
  sim = undefined;
});

function virtualClock() {
  let t = Date.now();
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      t += ms;
    },
  };
}

/** Every event the clients report, as text: none may carry a credential. */
const observed: string[] = [];
const recordAll = new Proxy(
  {},
  {
    get: () => (event: unknown) => {
      observed.push(JSON.stringify(event));
    },
  },
);

async function setUp() {
  observed.length = 0;
  const clock = virtualClock();
  sim = await startSimulator({
    seed: 7,
    scale: { regions: 1 },
    quotas: {},
    now: clock.now,
    accounts: [{ domainName: 'sim-account-b' }, { domainName: 'sim-account-c' }],
  });
  const started = sim;
  const region = started.regions[0]?.name ?? 'cn-north-4';
  const client = async (assume?: AgencyAssumption) => {
    const api = await createRegionApi({
      region,
      endpoints: { swr: started.endpoints.swr, iam: started.endpoints.iam },
      credentials: {
        kind: 'aksk',
        ak: new Secret(started.credentials.ak),
        sk: new Secret(started.credentials.sk),
      },
      credentialChain: false,
      env: {},
      clock,
      observer: recordAll,
      ...(assume === undefined ? {} : { assume }),
    });
    clients.push(api);
    return api;
  };
  const agency = (domainName: string): AgencyAssumption => ({
    domainName,
    agencyName: 'monitoring',
    durationSeconds: 900,
  });
  return {
    sim: started,
    clock,
    own: await client(),
    b: await client(agency('sim-account-b')),
    c: await client(agency('sim-account-c')),
  };
}

async function instanceIds(api: RegionClient): Promise<string[]> {
  return (await api.swr.listInstances()).items.map((instance) => instance.id).sort();
}

function estateIds(world: SimulatorHandle['world']): string[] {
  const projectId = world.regions[0]?.projectId ?? '';
  const listed = world.listSwrInstances(projectId);
  return listed.ok ? listed.value.map((instance) => instance.id).sort() : [];
}

async function rejection(promise: Promise<unknown>): Promise<HuaweiCloudError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HuaweiCloudError);
  return error as HuaweiCloudError;
}

describe('IAM agencies against the simulator', () => {
  it("gives each client its own account's project and estate, and no other", async () => {
    const { sim, own, b, c } = await setUp();
    const [accountB, accountC] = sim.accounts;
    expect(await b.projectId()).toBe(accountB?.regions[0]?.projectId);
    expect(await c.projectId()).toBe(accountC?.regions[0]?.projectId);
    expect(await own.projectId()).toBe(sim.regions[0]?.projectId);

    const seen = [await instanceIds(own), await instanceIds(b), await instanceIds(c)];
    expect(seen).toEqual([
      estateIds(sim.world),
      estateIds(accountB?.world ?? sim.world),
      estateIds(accountC?.world ?? sim.world),
    ]);
    expect(seen.every((ids) => ids.length > 0)).toBe(true);
    const all = seen.flat();
    expect(new Set(all).size).toBe(all.length); // no instance shows up in two accounts
  });

  it('assumes with an IAM password token as well: the assumer may be any kind of credential', async () => {
    const { sim } = await setUp();
    const api = await createRegionApi({
      region: sim.regions[0]?.name ?? 'cn-north-4',
      endpoints: { swr: sim.endpoints.swr, iam: sim.endpoints.iam },
      credentials: {
        kind: 'password',
        user: 'sim-user',
        password: new Secret('sim-password'),
        domain: 'sim-domain',
      },
      credentialChain: false,
      env: {},
      assume: { domainName: 'sim-account-b', agencyName: 'monitoring' },
    });
    clients.push(api);
    expect(await instanceIds(api)).toEqual(estateIds(sim.accounts[0]?.world ?? sim.world));
    const calls = sim.requestLog.entries({}).map((entry) => `${entry.operation} ${entry.auth}`);
    expect(calls).toContain('iam.CreateTemporaryAccessKeyByAgency token');
  });

  it('fetches credentials for an IAM call with one IAM slot: the credential request needs no slot', async () => {
    const { sim } = await setUp();
    const region = sim.regions[0];
    const agencyKeys = {
      kind: 'aksk' as const,
      ak: new Secret(sim.credentials.ak),
      sk: new Secret(sim.credentials.sk),
    };
    const password = {
      kind: 'password' as const,
      user: 'sim-user',
      password: new Secret('sim-password'),
      domain: 'sim-domain',
    };
    for (const [credentials, assume] of [
      [agencyKeys, { domainName: 'sim-account-b', agencyName: 'monitoring' }],
      [password, undefined],
    ] as const) {
      const api = await createRegionApi({
        region: region?.name ?? 'cn-north-4',
        endpoints: { swr: sim.endpoints.swr, iam: sim.endpoints.iam },
        credentials,
        credentialChain: false,
        env: {},
        limits: { iam: { concurrency: 1 } },
        timeouts: { operationMs: 3_000 },
        ...(assume === undefined ? {} : { assume }),
      });
      clients.push(api);
      // KeystoneListProjects holds the only IAM slot while its signature needs a securitytokens or token call.
      expect(await api.projectId()).toBeDefined();
    }
  });

  it("counts the securitytokens call against the assumer's budget, the account's calls against the agency's", async () => {
    const { sim } = await setUp();
    const keys: BudgetKey[] = [];
    class RecordingBudgets extends CallBudgets {
      override budget(
        key: BudgetKey,
        ...rest: Parameters<CallBudgets['budget']> extends [unknown, ...infer R] ? R : never
      ) {
        keys.push(key);
        return super.budget(key, ...rest);
      }
    }
    const api = await createRegionApi({
      region: sim.regions[0]?.name ?? 'cn-north-4',
      endpoints: { swr: sim.endpoints.swr, iam: sim.endpoints.iam },
      credentials: { kind: 'aksk', ak: new Secret(sim.credentials.ak), sk: new Secret(sim.credentials.sk) },
      credentialChain: false,
      env: {},
      budgets: new RecordingBudgets(),
      assume: { domainName: 'sim-account-b', agencyName: 'monitoring' },
    });
    clients.push(api);
    await instanceIds(api);
    const identityOf = (operation: string) =>
      new Set(keys.filter((key) => key.operation === operation).map((key) => key.identity));
    // Huawei counts the securitytokens call against the user who asks: the exporter's own AK.
    expect([...identityOf('CreateTemporaryAccessKeyByAgency')]).toEqual([expect.stringMatching(/^ak:/)]);
    expect([...identityOf('ListInstance')]).toEqual(['agency:["sim-account-b","monitoring"]']);
  });

  it("refuses an agency's keys in a project of another account", async () => {
    const { sim } = await setUp();
    const region = sim.regions[0];
    const wrongProject = await createRegionApi({
      region: region?.name ?? 'cn-north-4',
      projectId: region?.projectId, // the monitoring account's own project
      endpoints: { swr: sim.endpoints.swr, iam: sim.endpoints.iam },
      credentials: { kind: 'aksk', ak: new Secret(sim.credentials.ak), sk: new Secret(sim.credentials.sk) },
      credentialChain: false,
      env: {},
      assume: { domainName: 'sim-account-b', agencyName: 'monitoring' },
    });
    clients.push(wrongProject);
    const error = await rejection(wrongProject.swr.listInstances());
    expect(error.status).toBe(403);
  });

  it('renews the temporary keys before they expire: two hours of calls, none refused', async () => {
    const { sim, clock, b } = await setUp();
    sim.requestLog.reset();
    for (let minute = 0; minute <= 120; minute += 1) {
      await expect(b.swr.listInstances(), `at +${minute} min`).resolves.toBeDefined();
      clock.advance(MINUTE);
    }
    const entries = sim.requestLog.entries({});
    expect(entries.filter((entry) => entry.status >= 400)).toEqual([]);
    const issued = entries.filter((entry) => entry.operation === 'iam.CreateTemporaryAccessKeyByAgency');
    // 15-minute keys renewed at half their life: 16 or so in two hours, not one per call.
    expect(issued.length).toBeGreaterThanOrEqual(16);
    expect(issued.length).toBeLessThanOrEqual(18);
  });

  it('fails only the revoked account, with a clear reason, and does not keep asking IAM', async () => {
    const { sim, own, b, c } = await setUp();
    await Promise.all([instanceIds(own), instanceIds(b), instanceIds(c)]);
    const revoked = await fetch(`${sim.url}/_sim/agencies/revoke`, {
      method: 'POST',
      body: JSON.stringify({ domain: 'sim-account-b', agency: 'monitoring' }),
    });
    expect(revoked.status).toBe(200);

    // The keys in hand stop working at once: the 401 drops them and the call asks IAM again, which now
    // refuses the agency — the first failure already names account and agency.
    const error = await rejection(b.swr.listInstances());
    expect(error.code).toBe('CREDENTIALS');
    expect(error.message).toMatch(/agency monitoring of account sim-account-b .*HTTP 404/);
    // The simulator's security tokens start with this; its AK/SK are the assumer's.
    const secrets = [sim.credentials.sk, sim.credentials.ak, 'gQpjbi1ub3J0aC00'];
    for (const text of [error.message, JSON.stringify(error), ...observed]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    expect(observed.some((event) => event.includes('CreateTemporaryAccessKeyByAgency'))).toBe(true);
    sim.requestLog.reset();
    await rejection(b.swr.listInstances());
    expect(sim.requestLog.entries({})).toEqual([]); // held: no call to IAM, no call to SWR

    expect(await instanceIds(own)).toEqual(estateIds(sim.world));
    expect(await instanceIds(c)).toEqual(estateIds(sim.accounts[1]?.world ?? sim.world));
  });
});
