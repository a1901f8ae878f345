// ECS metadata temporary credentials: the session-token handshake, renewal when < 40 min remain (injected clock),
// keeping old keys through a failed renewal, invalidate(), and the errors a missing agency produces.

import { beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/huaweicloud/credentials/authenticator.js';
import type { ApiRequest } from '../../src/huaweicloud/transport-types.js';
import {
  type Clock,
  clock,
  failure,
  fakeSend,
  HOUR,
  httpFailure,
  MINUTE,
  networkFailure,
  ok,
  request,
} from './credentials-helpers.js';

const T0 = Date.parse('2024-03-16T00:00:00Z');
const NO_CHAIN_ENV = { HOME: '/nonexistent-home-for-tests' };

/** A metadata service whose keys are numbered per issue and expire `lifetimeMs` after being issued. */
function metadataService(t: Clock, lifetimeMs = 2 * HOUR) {
  let issued = 0;
  const state = { sessionTokens: 'supported' as 'supported' | 'unsupported', failing: false };
  const service = fakeSend((req: ApiRequest) => {
    if (req.operation === 'GetMetadataSessionToken') {
      if (state.sessionTokens === 'unsupported') throw httpFailure(req, 404);
      return ok(`session-${issued + 1}`);
    }
    if (state.failing) throw networkFailure(req);
    issued += 1;
    return ok({
      credential: {
        access: `TMPAK00000000000000${issued}`,
        secret: `tmp-sk-${issued}`,
        securitytoken: `tmp-sts-${issued}`,
        expires_at: new Date(t.now() + lifetimeMs).toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    });
  });
  return { ...service, state, issued: () => issued };
}

async function accessKey(auth: {
  apply: (r: ReturnType<typeof request>) => Promise<Record<string, string>>;
}) {
  const headers = await auth.apply(request());
  return { ak: /Access=([^,]+)/.exec(headers.Authorization ?? '')?.[1], token: headers['X-Security-Token'] };
}

let t: Clock;
beforeEach(() => {
  t = clock(T0);
});

describe('fetching', () => {
  it('asks for a session token, then for the keys with it, both unauthenticated on the metadata service', async () => {
    const md = metadataService(t);
    const auth = await createAuthenticator({ region: 'cn-north-4', env: NO_CHAIN_ENV }, md.send, t.now);
    const [put, get] = md.requests;
    expect(put).toMatchObject({
      service: 'metadata',
      method: 'PUT',
      path: ['meta-data', 'latest', 'api', 'token'],
      headers: { 'X-Metadata-Token-Ttl-Seconds': '21600' },
      auth: 'none',
      expect: 'text',
    });
    expect(get).toMatchObject({
      service: 'metadata',
      method: 'GET',
      path: ['openstack', 'latest', 'securitykey'],
      headers: { 'X-Metadata-Token': 'session-1' },
      auth: 'none',
    });
    expect(await accessKey(auth)).toEqual({ ak: 'TMPAK000000000000001', token: 'tmp-sts-1' });
    const headers = await auth.apply(request());
    expect(headers.Authorization).toContain('SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,');
  });

  it('goes without a session token where the service has none (404)', async () => {
    const md = metadataService(t);
    md.state.sessionTokens = 'unsupported';
    await createAuthenticator({ region: 'cn-north-4', env: NO_CHAIN_ENV }, md.send, t.now);
    expect(md.requests.map((r) => r.operation)).toEqual(['GetMetadataSessionToken', 'GetSecurityKey']);
    expect(md.requests[1]?.headers).toEqual({});
  });

  it('refuses a session token that cannot be sent back as a header, without quoting it', async () => {
    const md = fakeSend((req) =>
      req.operation === 'GetMetadataSessionToken' ? ok('tok-line-1\r\nX-Injected: 1') : ok({}),
    );
    const e = await failure(createAuthenticator({ region: 'cn-north-4', env: NO_CHAIN_ENV }, md.send, t.now));
    expect(e.code).toBe('CREDENTIALS');
    expect(e.message).toMatch(/session token that cannot be sent back as a header/);
    expect(e.message).not.toContain('tok-line-1');
    expect(md.count('GetSecurityKey')).toBe(0);
  });

  it('accepts the alternative field names Python reads (credentials / accessKeyId / secretAccessKey)', async () => {
    const md = fakeSend((req) =>
      req.operation === 'GetSecurityKey'
        ? ok({
            credentials: {
              accessKeyId: 'ALTAK000000000000001',
              secretAccessKey: 'alt-sk',
              securityToken: 'alt-sts',
              expires_at: '2024-03-16T09:30:45.123Z',
            },
          })
        : ok(undefined),
    );
    const auth = await createAuthenticator({ region: 'cn-north-4', env: NO_CHAIN_ENV }, md.send, t.now);
    expect(await accessKey(auth)).toEqual({ ak: 'ALTAK000000000000001', token: 'alt-sts' });
  });

  it.each([
    [{}, /without a usable "credential" object/],
    [{ credential: { access: 'A1', expires_at: '2024-03-16T09:30:45Z' } }, /lacks secret, securitytoken/],
    [
      { credential: { access: 'A1', secret: 's', securitytoken: 't', expires_at: 'tomorrow' } },
      /expires_at that is not a timestamp/,
    ],
    [
      { credential: { access: 'A1', secret: 's', securitytoken: 't', expires_at: '2024-03-15T00:00:00Z' } },
      /already expired/,
    ],
  ])('refuses a malformed or expired answer %#', async (body, message) => {
    const md = fakeSend((req) => (req.operation === 'GetSecurityKey' ? ok(body) : ok(undefined)));
    const e = await failure(createAuthenticator({ region: 'cn-north-4', env: NO_CHAIN_ENV }, md.send, t.now));
    expect(e.code).toBe('CREDENTIALS');
    expect(e.message).toMatch(message);
  });
});

describe('renewal', () => {
  it('keeps the keys while more than 40 minutes remain and renews them after', async () => {
    const md = metadataService(t, 2 * HOUR);
    const auth = await createAuthenticator({ region: 'cn-north-4', env: NO_CHAIN_ENV }, md.send, t.now);
    t.advance(79 * MINUTE); // 41 minutes left
    expect((await accessKey(auth)).ak).toBe('TMPAK000000000000001');
    expect(md.issued()).toBe(1);
    t.advance(2 * MINUTE); // 39 minutes left
    expect(await accessKey(auth)).toEqual({ ak: 'TMPAK000000000000002', token: 'tmp-sts-2' });
    expect(md.issued()).toBe(2);
  });

  it('renews short-lived keys at half their life instead of on every request', async () => {
    const md = metadataService(t, 30 * MINUTE);
    const auth = await createAuthenticator({ region: 'cn-north-4', env: NO_CHAIN_ENV }, md.send, t.now);
    t.advance(14 * MINUTE);
    await accessKey(auth);
    await accessKey(auth);
    expect(md.issued()).toBe(1);
    t.advance(2 * MINUTE);
    expect((await accessKey(auth)).ak).toBe('TMPAK000000000000002');
  });

  it('shares one renewal between concurrent requests', async () => {
    const md = metadataService(t);
    const auth = await createAuthenticator({ region: 'cn-north-4', env: NO_CHAIN_ENV }, md.send, t.now);
    t.advance(90 * MINUTE);
    const keys = await Promise.all([accessKey(auth), accessKey(auth), accessKey(auth)]);
    expect(new Set(keys.map((k) => k.ak))).toEqual(new Set(['TMPAK000000000000002']));
    expect(md.issued()).toBe(2);
  });

  it('uses the old keys through a failed renewal until a minute before they expire, then fails', async () => {
    const md = metadataService(t, 2 * HOUR);
    const auth = await createAuthenticator({ region: 'cn-north-4', env: NO_CHAIN_ENV }, md.send, t.now);
    md.state.failing = true;
    t.advance(100 * MINUTE);
    expect((await accessKey(auth)).ak).toBe('TMPAK000000000000001');
    t.set(T0 + 2 * HOUR - 30_000);
    const e = await failure(accessKey(auth));
    expect(e.code).toBe('CREDENTIALS');
    expect(e.message).toMatch(/ECS metadata service did not provide temporary credentials \(NETWORK\)/);
    md.state.failing = false;
    expect((await accessKey(auth)).ak).toBe('TMPAK000000000000002');
  });

  it('drops the keys on invalidate(), so the next request fetches new ones', async () => {
    const md = metadataService(t);
    const auth = await createAuthenticator({ region: 'cn-north-4', env: NO_CHAIN_ENV }, md.send, t.now);
    await accessKey(auth);
    auth.invalidate();
    expect(md.issued()).toBe(1);
    expect((await accessKey(auth)).ak).toBe('TMPAK000000000000002');
    await accessKey(auth);
    expect(md.issued()).toBe(2);
  });

  it('stops waiting when the caller aborts, without breaking the renewal for others', async () => {
    const md = metadataService(t);
    const auth = await createAuthenticator({ region: 'cn-north-4', env: NO_CHAIN_ENV }, md.send, t.now);
    auth.invalidate();
    const controller = new AbortController();
    controller.abort(new Error('scrape deadline'));
    await expect(auth.apply(request(), controller.signal)).rejects.toThrow('scrape deadline');
    expect((await accessKey(auth)).ak).toBe('TMPAK000000000000002');
  });
});

describe('agency errors', () => {
  it('says to attach an agency when the service answers "Please configure Cloud Service Agency first"', async () => {
    const md = fakeSend((req) => {
      if (req.operation === 'GetSecurityKey')
        throw httpFailure(req, 401, 'Please configure Cloud Service Agency first');
      return ok('session');
    });
    const e = await failure(createAuthenticator({ region: 'cn-north-4', env: NO_CHAIN_ENV }, md.send, t.now));
    expect(e.message).toMatch(/no agency is attached to this server .*attach an agency/);
    expect(md.count('GetSecurityKey')).toBe(1);
  });

  it('retries another 401 once with a fresh session token', async () => {
    let calls = 0;
    const md = fakeSend((req) => {
      if (req.operation === 'GetMetadataSessionToken') return ok(`session-${calls + 1}`);
      calls += 1;
      if (calls === 1) throw httpFailure(req, 401);
      return ok({
        credential: {
          access: 'TMPAK000000000000009',
          secret: 's',
          securitytoken: 't',
          expires_at: '2024-03-16T06:00:00Z',
        },
      });
    });
    const auth = await createAuthenticator({ region: 'cn-north-4', env: NO_CHAIN_ENV }, md.send, t.now);
    expect(md.requests.map((r) => r.headers?.['X-Metadata-Token'])).toEqual([
      undefined,
      'session-1',
      undefined,
      'session-2',
    ]);
    expect((await accessKey(auth)).ak).toBe('TMPAK000000000000009');
  });

  it('gives up after the second 401', async () => {
    const md = fakeSend((req) => {
      if (req.operation === 'GetSecurityKey') throw httpFailure(req, 401);
      return ok('session');
    });
    const e = await failure(createAuthenticator({ region: 'cn-north-4', env: NO_CHAIN_ENV }, md.send, t.now));
    expect(e.message).toMatch(/metadata service refused the request \(HTTP 401\)/);
    expect(md.count('GetSecurityKey')).toBe(2);
  });
});
