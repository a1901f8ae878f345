// Authentication like the gateway: IAM tokens, temporary AK/SK from ECS metadata, the 15-minute window and the
// AK lock — against a simulator whose clock the test owns.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { rawCall, signedCall } from './sim-client.js';

const START = Date.UTC(2025, 0, 15, 8, 0, 0);
let nowMs = START;
let sim: SimulatorHandle;
let pid = '';
let region = '';

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, now: () => nowMs, lockSeconds: 60 });
  pid = sim.regions[0]?.projectId ?? '';
  region = sim.regions[0]?.name ?? '';
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  nowMs = START;
  await rawCall(sim.url, 'POST', '/_sim/auth/unlock');
});

const listInstances = (sk = sim.credentials.sk, date = new Date(nowMs)) =>
  signedCall(sim.url, { segments: ['swr', 'v2', pid, 'instances'], ak: sim.credentials.ak, sk, date });

function tokenRequest(password: string, project: string) {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: 'sim-user', password, domain: { name: 'sim-domain' } } },
      },
      scope: { project: { name: project } },
    },
  };
}

describe('IAM', () => {
  it('finds the project of a region by name', async () => {
    const res = await signedCall(sim.url, {
      segments: ['iam', 'v3', 'projects'],
      query: [['name', region]],
      ak: sim.credentials.ak,
      sk: sim.credentials.sk,
      date: new Date(nowMs),
    });
    expect(res.status).toBe(200);
    expect(res.json.projects.map((p: { id: string }) => p.id)).toEqual([pid]);
  });

  it('issues a 24 h token in X-Subject-Token that authenticates its project only', async () => {
    const res = await rawCall(sim.url, 'POST', '/iam/v3/auth/tokens', tokenRequest('sim-password', region));
    expect(res.status).toBe(201);
    const token = res.headers.get('x-subject-token') ?? '';
    expect(token.length).toBeGreaterThan(100);
    expect(res.json.token.expires_at).toBe('2025-01-16T08:00:00.000000Z');
    expect(res.json.token.project.id).toBe(pid);
    expect(res.text).not.toContain(token);

    const ok = await rawCall(sim.url, 'GET', `/swr/v2/${pid}/instances`, undefined, {
      'X-Auth-Token': token,
    });
    expect(ok.status).toBe(200);
    const otherPid = sim.regions[1]?.projectId ?? '';
    const other = await rawCall(sim.url, 'GET', `/swr/v2/${otherPid}/instances`, undefined, {
      'X-Auth-Token': token,
    });
    expect(other.status).toBe(403);

    nowMs = START + 24 * 3600_000;
    const expired = await rawCall(sim.url, 'GET', `/swr/v2/${pid}/instances`, undefined, {
      'X-Auth-Token': token,
    });
    expect(expired.status).toBe(401);
    expect(expired.json.error_code).toBe('APIGW.0301');
    expect(expired.json.error_msg).toContain('decrypt token fail');
  });

  it('refuses a wrong password without echoing it, and a body that is not JSON', async () => {
    const wrong = await rawCall(
      sim.url,
      'POST',
      '/iam/v3/auth/tokens',
      tokenRequest('hunter2-guess', region),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('hunter2-guess');
    const bad = await rawCall(sim.url, 'POST', '/iam/v3/auth/tokens', '{"auth":', {
      'content-type': 'application/json',
    });
    expect(bad.status).toBe(400);
    const incomplete = await rawCall(sim.url, 'POST', '/iam/v3/auth/tokens', { auth: { identity: {} } });
    expect(incomplete.status).toBe(400);
    expect(incomplete.json.error.message).toContain('auth.identity.methods');
  });

  it('rejects a token it never issued', async () => {
    const res = await rawCall(sim.url, 'GET', `/swr/v2/${pid}/instances`, undefined, {
      'X-Auth-Token': 'MIIforged',
    });
    expect(res.status).toBe(401);
  });
});

describe('ECS metadata temporary credentials', () => {
  async function securityKey(headers: Record<string, string> = {}) {
    return rawCall(sim.url, 'GET', '/metadata/openstack/latest/securitykey', undefined, headers);
  }

  it('hands out AK/SK/security token that sign requests only together with X-Security-Token', async () => {
    const session = await rawCall(sim.url, 'PUT', '/metadata/meta-data/latest/api/token', undefined, {
      'X-Metadata-Token-Ttl-Seconds': '21600',
    });
    expect(session.status).toBe(200);
    const key = await securityKey({ 'X-Metadata-Token': session.text });
    expect(key.status).toBe(200);
    const { access, secret, securitytoken, expires_at } = key.json.credential;
    expect(expires_at).toBe('2025-01-15T09:00:00Z');

    const call = (securityToken?: string) =>
      signedCall(sim.url, {
        segments: ['hss', 'v5', pid, 'image', 'registries'],
        ak: access,
        sk: secret,
        date: new Date(nowMs),
        ...(securityToken === undefined ? {} : { securityToken }),
      });
    expect((await call(securitytoken)).status).toBe(200);
    const missing = await call();
    expect(missing.status).toBe(401);
    expect(missing.json.error_msg).toContain('X-Security-Token is required');
    expect((await call(`${securitytoken}x`)).status).toBe(401);

    nowMs = START + 3600_000;
    const expired = await call(securitytoken);
    expect(expired.status).toBe(401);
    expect(expired.json.error_msg).toContain('expired');
  });

  it('checks the session token and the TTL header', async () => {
    expect((await securityKey({ 'X-Metadata-Token': 'not-issued' })).status).toBe(401);
    const noTtl = await rawCall(sim.url, 'PUT', '/metadata/meta-data/latest/api/token');
    expect(noTtl.status).toBe(400);
    expect(noTtl.text).toContain('X-Metadata-Token-Ttl-Seconds');
  });

  it('answers like an ECS without an agency when told so', async () => {
    await rawCall(sim.url, 'PUT', '/_sim/metadata', { agency: false });
    const res = await securityKey();
    await rawCall(sim.url, 'PUT', '/_sim/metadata', { agency: true });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Please configure Cloud Service Agency first');
  });
});

describe('signature window and AK lock', () => {
  it('accepts X-Sdk-Date 14 minutes old and rejects 16 minutes old', async () => {
    expect((await listInstances(undefined, new Date(nowMs - 14 * 60_000))).status).toBe(200);
    const old = await listInstances(undefined, new Date(nowMs - 16 * 60_000));
    expect(old.status).toBe(401);
    expect(old.json.error_msg).toContain('more than 15 minutes');
  });

  it('locks the AK after 5 failures in a row, for lockSeconds, even for a correct signature', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await listInstances('wrong-secret');
      expect(res.status).toBe(401);
      expect(res.json.error_msg).toContain('verify aksk signature fail');
    }
    const locked = await listInstances();
    expect(locked.status).toBe(401);
    expect(locked.json.error_code).toBe('APIGW.0301');
    expect(locked.json.error_msg).toContain('AK access failed to reach the limit,forbidden');

    nowMs = START + 59_000;
    expect((await listInstances()).status).toBe(401);
    nowMs = START + 60_000;
    expect((await listInstances()).status).toBe(200);
  });

  it('a success resets the count of failures', async () => {
    for (let i = 0; i < 4; i++) expect((await listInstances('wrong-secret')).status).toBe(401);
    expect((await listInstances()).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await listInstances('wrong-secret')).status).toBe(401);
    expect((await listInstances()).status).toBe(200);
  });

  it('logs how each call authenticated, without any header', async () => {
    sim.requestLog.reset();
    await listInstances();
    await listInstances('wrong-secret');
    const entries = sim.requestLog.entries({ operation: 'swr.ListInstance' });
    expect(entries.map((e) => [e.status, e.auth])).toEqual([
      [200, 'aksk'],
      [401, 'failed'],
    ]);
    expect(JSON.stringify(entries)).not.toContain(sim.credentials.sk);
  });
});
