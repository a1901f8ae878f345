// The simulator's IAM agency API on the wire, with the independent test signer: body validation as the API
// reference states it, authentication of the assumer, issued keys that act in the delegating account only
// and expire after duration_seconds, and revocation and re-trusting through /_sim/agencies.

import { afterEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { rawCall, type SimResponse, signedCall } from './sim-client.js';

let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const PATH = ['iam', 'v3.0', 'OS-CREDENTIAL', 'securitytokens'];

function body(assumeRole: Record<string, unknown>, methods: string[] = ['assume_role']): string {
  return JSON.stringify({ auth: { identity: { methods, assume_role: assumeRole } } });
}

async function start(now = Date.now) {
  sim = await startSimulator({
    seed: 3,
    scale: { regions: 1 },
    quotas: {},
    now,
    accounts: [{ domainName: 'sim-account-b', agencies: ['monitoring'] }],
  });
  return sim;
}

function assume(s: SimulatorHandle, payload: string, date?: Date): Promise<SimResponse> {
  return signedCall(s.url, {
    method: 'POST',
    segments: PATH,
    headers: { 'content-type': 'application/json;charset=utf8' },
    body: payload,
    ak: s.credentials.ak,
    sk: s.credentials.sk,
    ...(date === undefined ? {} : { date }),
  });
}

/** ListInstance in `projectId`, signed with temporary keys. */
function listInstances(s: SimulatorHandle, key: Record<string, string>, projectId: string, date?: Date) {
  return signedCall(s.url, {
    segments: ['swr', 'v2', projectId, 'instances'],
    ak: key.access ?? '',
    sk: key.secret ?? '',
    securityToken: key.securitytoken ?? '',
    ...(date === undefined ? {} : { date }),
  });
}

describe('simulated IAM agencies', () => {
  it('issues temporary keys of the delegating account for a documented request', async () => {
    const s = await start();
    const res = await assume(s, body({ agency_name: 'monitoring', domain_name: 'sim-account-b' }));
    expect(res.status).toBe(201);
    const credential = res.json.credential;
    expect(Object.keys(credential).sort()).toEqual(['access', 'expires_at', 'secret', 'securitytoken']);
    // Default duration: 15 minutes; IAM's timestamp layout with six fraction digits.
    expect(credential.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const lifetime = Date.parse(credential.expires_at) - Date.now();
    expect(lifetime).toBeGreaterThan(14 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000);

    const projectB = s.accounts[0]?.regions[0]?.projectId ?? '';
    const ownProject = s.regions[0]?.projectId ?? '';
    expect((await listInstances(s, credential, projectB)).status).toBe(200);
    expect((await listInstances(s, credential, ownProject)).status).toBe(403);
  });

  it.each([
    ['no agency name', body({ domain_name: 'sim-account-b' }), 400, /agency_name/],
    ['no account', body({ agency_name: 'monitoring' }), 400, /domain_id or domain_name/],
    [
      'a duration under 15 min',
      body({ agency_name: 'monitoring', domain_name: 'sim-account-b', duration_seconds: 899 }),
      400,
      /duration_seconds/,
    ],
    [
      'a duration over 24 h',
      body({ agency_name: 'monitoring', domain_name: 'sim-account-b', duration_seconds: 86_401 }),
      400,
      /duration_seconds/,
    ],
    [
      'another method',
      body({ agency_name: 'monitoring', domain_name: 'sim-account-b' }, ['token']),
      400,
      /assume_role/,
    ],
    ['an unknown field', body({ agencyName: 'monitoring', domain_name: 'sim-account-b' }), 400, /agencyName/],
    ['an unknown agency', body({ agency_name: 'other', domain_name: 'sim-account-b' }), 404, /agency/],
    ['an unknown account', body({ agency_name: 'monitoring', domain_name: 'nobody' }), 404, /agency/],
  ])('answers %s with %i', async (_what, payload, status, message) => {
    const s = await start();
    const res = await assume(s, payload);
    expect(res.status).toBe(status);
    expect(res.json.error.message).toMatch(message);
  });

  it('accepts the older field name xrole_name', async () => {
    const s = await start();
    const res = await assume(s, body({ xrole_name: 'monitoring', domain_name: 'sim-account-b' }));
    expect(res.status).toBe(201);
  });

  it('requires an authenticated assumer', async () => {
    const s = await start();
    const res = await rawCall(
      s.url,
      'POST',
      `/${PATH.join('/')}`,
      body({ agency_name: 'monitoring', domain_name: 'sim-account-b' }),
    );
    expect(res.status).toBe(401);
  });

  it('needs iam:agencies:assume, like any other IAM action', async () => {
    const s = await start();
    await rawCall(s.url, 'PUT', '/_sim/auth/denied-actions', { actions: ['iam:agencies:assume'] });
    const res = await assume(s, body({ agency_name: 'monitoring', domain_name: 'sim-account-b' }));
    expect(res.status).toBe(403);
    expect(res.text).toContain('iam:agencies:assume');
  });

  it('lets issued keys expire after duration_seconds', async () => {
    let now = Date.now();
    const s = await start(() => now);
    const res = await assume(
      s,
      body({ agency_name: 'monitoring', domain_name: 'sim-account-b', duration_seconds: 900 }),
      new Date(now),
    );
    const projectB = s.accounts[0]?.regions[0]?.projectId ?? '';
    now += 14 * 60_000;
    expect((await listInstances(s, res.json.credential, projectB, new Date(now))).status).toBe(200);
    now += 2 * 60_000;
    const expired = await listInstances(s, res.json.credential, projectB, new Date(now));
    expect(expired.status).toBe(401);
    expect(expired.json.error_msg).toMatch(/expired/);
  });

  it('drops issued keys and refuses new ones once the agency is revoked or trusts another account', async () => {
    const s = await start();
    const payload = body({ agency_name: 'monitoring', domain_name: 'sim-account-b' });
    const projectB = s.accounts[0]?.regions[0]?.projectId ?? '';
    const before = (await assume(s, payload)).json.credential;

    const changed = await rawCall(s.url, 'POST', '/_sim/agencies/trust', {
      domain: 'sim-account-b',
      agency: 'monitoring',
      trusted_domain_id: '0'.repeat(32),
    });
    expect(changed.json.credentials_dropped).toBe(1);
    expect((await listInstances(s, before, projectB)).status).toBe(401);
    expect((await assume(s, payload)).status).toBe(403);

    const revoked = await rawCall(s.url, 'POST', '/_sim/agencies/revoke', {
      domain: 'sim-account-b',
      agency: 'monitoring',
    });
    expect(revoked.status).toBe(200);
    expect((await assume(s, payload)).status).toBe(404);
    const revokedId = revoked.json.revoked.agency_id;

    const created = await rawCall(s.url, 'POST', '/_sim/agencies', {
      domain: 'sim-account-b',
      agency: 'monitoring',
    });
    expect(created.status).toBe(201);
    expect((await assume(s, payload)).status).toBe(201);
    const listed = await rawCall(s.url, 'GET', '/_sim/agencies');
    expect(listed.json.agencies).toHaveLength(1);
    // As in IAM, a recreated agency is a new agency: a policy naming the old id no longer covers it.
    expect(created.json.created.agency_id).toMatch(/^[0-9a-f]{32}$/);
    expect(created.json.created.agency_id).not.toBe(revokedId);
  });

  it('refuses to create an agency that exists, or one whose name IAM would not take', async () => {
    const s = await start();
    const again = await rawCall(s.url, 'POST', '/_sim/agencies', {
      domain: 'sim-account-b',
      agency: 'monitoring',
    });
    expect(again.status).toBe(409);
    const badName = await rawCall(s.url, 'POST', '/_sim/agencies', {
      domain: 'sim-account-b',
      agency: 'a b',
    });
    expect(badName.status).toBe(400);
    const listed = await rawCall(s.url, 'GET', '/_sim/agencies');
    expect(listed.json.agencies).toHaveLength(1);
  });
});
