// Credentials over time. With one clock injected into both the simulator and the client: temporary
// credentials from ECS metadata and IAM password tokens are renewed before they expire, so no request ever
// meets a 401 for an expired credential. With wrong or revoked keys: a 401 is never retried, one scrape
// cannot reach Huawei's lock (5 failed signatures in a row lock the AK for everyone using it) however many
// regions share the key, and the failure shows as collector failure with a log line that says why.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import type { RegionApi } from '../../src/huaweicloud/api.js';
import { type Authenticator, createAuthenticator } from '../../src/huaweicloud/credentials/authenticator.js';
import { createTransport } from '../../src/huaweicloud/http/transport.js';
import { createRegionOperations } from '../../src/huaweicloud/operations/region.js';
import type { ClientOptions } from '../../src/huaweicloud/options.js';
import { Secret } from '../../src/huaweicloud/secret.js';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { signedCall } from '../integration/sim-client.js';
import { collectorSuccess } from './helpers/exposition.js';
import { type Harness, startHarness, watchProcessFailures } from './helpers/harness.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let home: string;
beforeAll(async () => {
  // An empty home: no ~/.huaweicloud/credentials, so the chain goes on to ECS metadata.
  home = await mkdtemp(join(tmpdir(), 'hwc-home-'));
});
afterAll(() => rm(home, { recursive: true, force: true }));

/** createRegionApi's wiring, with the clock handed to the credentials layer and the transport. */
async function clientWithClock(
  sim: SimulatorHandle,
  now: () => number,
  credentials?: ClientOptions['credentials'],
): Promise<{ api: RegionApi; close(): Promise<void> }> {
  const region = sim.regions[0];
  if (region === undefined) throw new Error('no region');
  const options: ClientOptions = {
    region: region.name,
    projectId: region.projectId,
    endpoints: sim.endpoints,
    credentials,
    retries: { max: 0 },
    limits: { swr: { ratePerSecond: 0 }, hss: { ratePerSecond: 0 } },
    env: { HOME: home },
  };
  let resolved: Authenticator | undefined;
  const holder: Authenticator = {
    apply: (req, signal) => {
      if (resolved === undefined) throw new Error('credentials not ready');
      return resolved.apply(req, signal);
    },
    get source() {
      return resolved?.source ?? '';
    },
    get projectId() {
      return resolved?.projectId;
    },
    invalidate: () => resolved?.invalidate(),
  };
  const transport = createTransport({
    region: region.name,
    endpointFor: (service) => sim.endpoints[service],
    authenticator: holder,
    options,
    now,
  });
  resolved = await createAuthenticator(options, (req) => transport.send({ ...req, auth: 'none' }), now);
  return {
    api: createRegionOperations({ region: region.name, transport, projectId: region.projectId }),
    close: () => transport.close(),
  };
}

function statusesOf(sim: SimulatorHandle): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of sim.requestLog.entries()) out[entry.status] = (out[entry.status] ?? 0) + 1;
  return out;
}

describe('temporary credentials from ECS metadata', () => {
  it('are renewed before they expire: no request ever meets an expired key', async () => {
    let t = Date.now();
    const now = () => t;
    const sim = await startSimulator({
      seed: 5,
      scale: { regions: 1 },
      quotas: {},
      now,
      temporaryCredentialSeconds: 3600,
    });
    const client = await clientWithClock(sim, now);
    const keyFetches = () => sim.requestLog.count('metadata.ShowSecurityKey');
    try {
      await client.api.hss.listRegistries();
      expect(keyFetches()).toBe(1);

      t += 20 * MINUTE; // well inside the lifetime: the cached key is used
      await client.api.hss.listRegistries();
      expect(keyFetches()).toBe(1);

      // 31 minutes in: less than half the hour left (the Go SDK renews with 40 minutes left; capped at half
      // the lifetime here) — renewed while the old key is still valid for another 29 minutes.
      t += 11 * MINUTE;
      await client.api.hss.listRegistries();
      expect(keyFetches()).toBe(2);

      // From then on every renewal point passes while the key in use still has 29 minutes or more left:
      // 61 min (first key expired at 60), 92 min, 123 min.
      for (const [step, fetches] of [
        [30 * MINUTE, 3],
        [31 * MINUTE, 4],
        [31 * MINUTE, 5],
      ] as const) {
        t += step;
        await client.api.hss.listRegistries();
        expect(keyFetches()).toBe(fetches);
      }
      expect(statusesOf(sim)).toEqual({ '200': sim.requestLog.entries().length });
    } finally {
      await client.close();
      await sim.close();
    }
  });
});

describe('IAM password tokens', () => {
  it('are renewed an hour before their 24 h expiry, without a 401', async () => {
    let t = Date.now();
    const now = () => t;
    const sim = await startSimulator({
      seed: 6,
      scale: { regions: 1 },
      quotas: {},
      now,
      users: [{ name: 'ops', password: 'ops-password-1' }],
    });
    const client = await clientWithClock(sim, now, {
      kind: 'password',
      user: 'ops',
      domain: 'sim-domain',
      password: new Secret('ops-password-1'),
    });
    const tokens = () => sim.requestLog.count('iam.KeystoneCreateUserTokenByPassword');
    try {
      await client.api.hss.listRegistries();
      expect(tokens()).toBe(1);
      t += 22 * HOUR;
      await client.api.hss.listRegistries();
      expect(tokens()).toBe(1);
      t += 1 * HOUR + MINUTE; // 23 h 1 min: inside the last hour, renewed
      await client.api.hss.listRegistries();
      expect(tokens()).toBe(2);
      t += 2 * HOUR; // past the first token's expiry
      await client.api.hss.listRegistries();
      expect(tokens()).toBe(2);
      expect(statusesOf(sim)).toEqual({ '200': 4, '201': 2 });
    } finally {
      await client.close();
      await sim.close();
    }
  });
});

describe('wrong and revoked keys', () => {
  const harnesses: Harness[] = [];
  const watch = watchProcessFailures();
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.close()));
    expect(watch.failures).toEqual([]);
  });
  const harness = async (options: Parameters<typeof startHarness>[0]) => {
    const h = await startHarness(options);
    harnesses.push(h);
    return h;
  };
  const failedSignatures = (h: Harness) =>
    h.sim.requestLog.entries().filter((e) => e.auth === 'failed').length;

  it.each([1, 3])(
    'a wrong SK with %i region(s): one scrape stays below the AK lock and retries no 401',
    async (regions) => {
      const h = await harness({
        simulator: { scale: { regions }, lockSeconds: 300 },
        env: (sim) => ({
          HUAWEICLOUD_SDK_AK: sim.credentials.ak,
          HUAWEICLOUD_SDK_SK: 'a-wrong-secret-key-0000',
        }),
      });
      const answer = await h.scrape(5);
      expect(Object.values(collectorSuccess(answer.body)).every((v) => v === 0)).toBe(true);
      expect(failedSignatures(h)).toBeGreaterThan(0);
      expect(failedSignatures(h)).toBeLessThan(5);
      // The AK is not locked: a correctly signed request still gets through.
      const region = h.sim.regions[0]?.projectId ?? '';
      const probe = await signedCall(h.sim.url, {
        segments: ['hss', 'v5', region, 'image', 'registries'],
        ...h.sim.credentials,
      });
      expect(probe.status, JSON.stringify(probe.json)).toBe(200);
      const reason = h.exporter.status()[0]?.lastError ?? '';
      expect(reason).toMatch(/AUTH_FAILED .*HTTP 401 APIGW\.0301/);
      expect(
        h.logs.some((line) => line.includes('"msg":"collector run failed"') && line.includes('AUTH_FAILED')),
      ).toBe(true);
    },
  );

  it('a wrong SK shared by 3 regions costs at most one rejected signature per scrape, not one per request', async () => {
    const h = await harness({
      simulator: { scale: { regions: 3 }, lockSeconds: 300 },
      env: (sim) => ({
        HUAWEICLOUD_SDK_AK: sim.credentials.ak,
        HUAWEICLOUD_SDK_SK: 'a-wrong-secret-key-0000',
      }),
    });
    const scrapes = 4;
    for (let i = 0; i < scrapes; i++) await h.scrape(5);
    expect(failedSignatures(h)).toBeGreaterThanOrEqual(1);
    expect(failedSignatures(h)).toBeLessThanOrEqual(scrapes);
    // The requests held back say why they were not sent.
    const reasons = h.exporter.status().map((s) => s.lastError ?? '');
    expect(
      reasons.some((r) => /AUTH_FAILED .*not sent: the access key was rejected \(HTTP 401\)/.test(r)),
    ).toBe(true);
  });

  it('an unknown (deleted) AK shows as collector failure with a log line naming the cause, not the key', async () => {
    const unknownAk = 'DELETEDAK00000000001';
    const h = await harness({
      env: () => ({ HUAWEICLOUD_SDK_AK: unknownAk, HUAWEICLOUD_SDK_SK: 'whatever-secret-key-0000' }),
    });
    const answer = await h.scrape(5);
    expect(Object.values(collectorSuccess(answer.body))).toEqual([0, 0, 0, 0]);
    const failures = h.logs.filter((line) => line.includes('"msg":"collector run failed"'));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.some((line) => /AUTH_FAILED.*HTTP 401.*ak not exist/.test(line))).toBe(true);
    for (const line of h.logs) expect(line).not.toContain(unknownAk);
  });

  it('a revoked temporary key fails one scrape with a clear log line; the next scrape fetches a new one', async () => {
    const sim = await startSimulator({ seed: 8, scale: { regions: 1 }, quotas: {} });
    const client = await clientWithClock(sim, Date.now);
    const lines: string[] = [];
    const log = (level: string) => (obj: object, msg: string) =>
      lines.push(JSON.stringify({ level, ...obj, msg }));
    const engine = new Engine({
      targets: [{ region: sim.regions[0]?.name ?? '', api: client.api, apig: [], swr: { enabled: false } }],
      logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
      settings: { collectors: { hss_registries: { ttlSeconds: 0.001 } } },
    });
    const hss = (text: string) => collectorSuccess(text)[`hss_registries/${sim.regions[0]?.name}`];
    try {
      expect(hss(await engine.scrape())).toBe(1);
      await fetch(`${sim.url}/_sim/auth/revoke`, { method: 'POST' });
      expect(hss(await engine.scrape())).toBe(0);
      const failure = lines.find((line) => line.includes('"msg":"collector run failed"')) ?? '';
      expect(failure).toMatch(/AUTH_FAILED in hss\/ListRegistry: .*HTTP 401 APIGW\.0301/);
      expect(hss(await engine.scrape())).toBe(1);
      expect(sim.requestLog.count('metadata.ShowSecurityKey')).toBe(2);
      // One rejected request for the revoked key: nothing retried it.
      expect(sim.requestLog.entries().filter((e) => e.status === 401)).toHaveLength(1);
    } finally {
      await engine.close();
      await client.close();
      await sim.close();
    }
  });
});
