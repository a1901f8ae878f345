// Huawei's flow control in the simulator: the documented HSS quota (5 calls/minute per user per API) is
// enforced by default over a sliding window, with the real 429 body; other APIs have no quota unless set.

import { afterEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { rawCall, signedCall } from './sim-client.js';

let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A simulator on a clock that only moves when the test says so. */
async function simulatorAt(opts: Parameters<typeof startSimulator>[0] = {}) {
  let t = Date.now();
  const started = await startSimulator({ seed: 5, now: () => t, ...opts });
  sim = started;
  const pid = started.regions[0]?.projectId ?? '';
  const call = (segments: string[]) =>
    signedCall(started.url, {
      segments,
      ak: started.credentials.ak,
      sk: started.credentials.sk,
      date: new Date(t),
    });
  return {
    sim: started,
    advance: (ms: number) => {
      t += ms;
    },
    date: () => new Date(t),
    hss: () => call(['hss', 'v5', pid, 'image', 'registries']),
    swr: () => call(['swr', 'v2', pid, 'instances']),
  };
}

describe('flow control', () => {
  it('admits 5 HSS calls a minute per user and API, refusing the 6th with APIG.0308', async () => {
    const s = await simulatorAt();
    for (let i = 0; i < 5; i++) {
      expect((await s.hss()).status).toBe(200);
      s.advance(1_000);
    }
    const refused = await s.hss();
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({
      error_code: 'APIG.0308',
      error_msg:
        'The throttling threshold has been reached: policy user over ratelimit,limit:5,time:1 minute',
    });
    expect(s.sim.requestLog.entries().at(-1)).toMatchObject({ status: 429, fault: 'quota' });
    expect(s.sim.quotas.refused()).toEqual({ 'hss.ListRegistry': 1 });
    // The window slides: 60 s after the first call, one place is free again (and only one).
    s.advance(55_000);
    expect((await s.hss()).status).toBe(200);
    expect((await s.hss()).status).toBe(429);
  });

  it("counts a user's calls together however they authenticate: AK, IAM token, temporary keys", async () => {
    const users = [
      { name: 'sim-user', password: 'sim-password' },
      { name: 'other-user', password: 'other-password' },
    ];
    const s = await simulatorAt({ users });
    const region = s.sim.regions[0];
    const path = `/hss/v5/${region?.projectId}/image/registries`;
    const tokenOf = async (name: string, password: string) => {
      const user = { name, password, domain: { name: 'sim-domain' } };
      const body = {
        auth: {
          identity: { methods: ['password'], password: { user } },
          scope: { project: { name: region?.name } },
        },
      };
      const issued = await rawCall(s.sim.url, 'POST', '/iam/v3/auth/tokens', body);
      expect(issued.status).toBe(201);
      return issued.headers.get('x-subject-token') ?? '';
    };
    const withToken = (token: string) =>
      rawCall(s.sim.url, 'GET', path, undefined, { 'X-Auth-Token': token });
    const session = await rawCall(s.sim.url, 'PUT', '/metadata/meta-data/latest/api/token', undefined, {
      'X-Metadata-Token-Ttl-Seconds': '21600',
    });
    const key = (
      await rawCall(s.sim.url, 'GET', '/metadata/openstack/latest/securitykey', undefined, {
        'X-Metadata-Token': session.text,
      })
    ).json.credential;
    const withTemporaryKey = () =>
      signedCall(s.sim.url, {
        segments: path.slice(1).split('/'),
        ak: key.access,
        sk: key.secret,
        securityToken: key.securitytoken,
        date: s.date(),
      });

    const token = await tokenOf('sim-user', 'sim-password');
    for (let i = 0; i < 3; i++) expect((await s.hss()).status).toBe(200);
    expect((await withToken(token)).status).toBe(200);
    expect((await withTemporaryKey()).status).toBe(200);
    // Five calls of sim-user's, by three credentials: the sixth is refused whichever one it comes with.
    expect((await withToken(token)).status).toBe(429);
    expect((await withTemporaryKey()).status).toBe(429);
    expect((await s.hss()).status).toBe(429);
    // Another user has a window of their own.
    expect((await withToken(await tokenOf('other-user', 'other-password'))).status).toBe(200);
  });

  it('does not throttle APIs without a documented quota', async () => {
    const s = await simulatorAt();
    for (let i = 0; i < 20; i++) expect((await s.swr()).status).toBe(200);
    expect(s.sim.quotas.refused()).toEqual({});
  });

  it('takes quotas from the options and the control API, and reports the refused calls', async () => {
    const s = await simulatorAt({ quotas: { 'swr.ListInstance': { calls: 1, windowSeconds: 1 } } });
    expect((await s.swr()).status).toBe(200);
    const over = await s.swr();
    expect(over.json.error_msg).toContain('limit:1,time:1 second');
    // No quota on HSS when the table leaves it out.
    for (let i = 0; i < 6; i++) expect((await s.hss()).status).toBe(200);

    const put = await rawCall(s.sim.url, 'PUT', '/_sim/quotas', { '*': { calls: 2, windowSeconds: 6 } });
    expect(put.status).toBe(200);
    expect((await s.hss()).status).toBe(200);
    expect((await s.hss()).status).toBe(200);
    expect((await s.hss()).json.error_msg).toContain('limit:2,time:6 seconds');
    const got = await rawCall(s.sim.url, 'GET', '/_sim/quotas');
    expect(got.json).toEqual({
      quotas: { '*': { calls: 2, windowSeconds: 6 } },
      refused: { 'hss.ListRegistry': 1, 'swr.ListInstance': 1 },
    });
    const bad = await rawCall(s.sim.url, 'PUT', '/_sim/quotas', { '*': { calls: 0, windowSeconds: 6 } });
    expect(bad.status).toBe(400);
  });
});
