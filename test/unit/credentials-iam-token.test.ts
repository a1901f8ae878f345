// IAM password tokens: the token request, X-Auth-Token on requests (no signing), caching and renewal ahead of
// expires_at (injected clock), invalidate(), and holding back after IAM rejects the password.

import { beforeEach, describe, expect, it } from 'vitest';
import { type Authenticator, createAuthenticator } from '../../src/huaweicloud/credentials/authenticator.js';
import type { ClientOptions } from '../../src/huaweicloud/options.js';
import { Secret } from '../../src/huaweicloud/secret.js';
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

const PASSWORD = 'Pa55-word-for-tests';
const T0 = Date.parse('2024-03-16T00:00:00Z');

function iamService(t: Clock) {
  let issued = 0;
  const state = { mode: 'ok' as 'ok' | 'reject' | 'down' | 'no-header' | 'no-expiry' };
  const service = fakeSend((req) => {
    if (state.mode === 'reject') throw httpFailure(req, 401, 'The username or password is wrong.');
    if (state.mode === 'down') throw networkFailure(req);
    issued += 1;
    const headers: Record<string, string> =
      state.mode === 'no-header' ? {} : { 'x-subject-token': `MIItoken-${issued}` };
    const body =
      state.mode === 'no-expiry'
        ? { token: {} }
        : {
            token: {
              expires_at: new Date(t.now() + 24 * HOUR).toISOString(),
              issued_at: new Date(t.now()).toISOString(),
            },
          };
    return ok(body, headers, 201);
  });
  return { ...service, state, issued: () => issued };
}

const options = (extra: Partial<ClientOptions> = {}): ClientOptions => ({
  region: 'cn-north-4',
  env: { HOME: '/nonexistent-home-for-tests' },
  credentials: { kind: 'password', user: 'alice', password: new Secret(PASSWORD), domain: 'corp' },
  ...extra,
});

async function tokenSent(auth: Authenticator): Promise<string | undefined> {
  return (await auth.apply(request()))['X-Auth-Token'];
}

let t: Clock;
beforeEach(() => {
  t = clock(T0);
});

describe('IAM password token', () => {
  it('asks IAM for a project-scoped token and sends it as X-Auth-Token, unsigned', async () => {
    const iam = iamService(t);
    const auth = await createAuthenticator(options(), iam.send, t.now);
    const headers = await auth.apply(
      request({ 'x-project-id': 'p1', 'X-Auth-Token': 'stale', Accept: 'application/json' }),
    );
    expect(headers).toEqual({
      'x-project-id': 'p1',
      Accept: 'application/json',
      'X-Auth-Token': 'MIItoken-1',
    });

    const [req] = iam.requests;
    expect(req).toMatchObject({
      service: 'iam',
      method: 'POST',
      path: ['v3', 'auth', 'tokens'],
      auth: 'none',
    });
    expect(JSON.parse(req?.body ?? '')).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'alice', password: PASSWORD, domain: { name: 'corp' } } },
        },
        scope: { project: { name: 'cn-north-4' } },
      },
    });
  });

  it('scopes by project id when one is configured', async () => {
    const iam = iamService(t);
    const auth = await createAuthenticator(
      options({ projectId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' }),
      iam.send,
      t.now,
    );
    await tokenSent(auth);
    expect(JSON.parse(iam.requests[0]?.body ?? '').auth.scope).toEqual({
      project: { id: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' },
    });
  });

  it('reuses the token and renews it an hour before its 24 h end', async () => {
    const iam = iamService(t);
    const auth = await createAuthenticator(options(), iam.send, t.now);
    expect(await tokenSent(auth)).toBe('MIItoken-1');
    t.advance(22 * HOUR + 59 * MINUTE);
    expect(await tokenSent(auth)).toBe('MIItoken-1');
    expect(iam.issued()).toBe(1);
    t.advance(2 * MINUTE);
    expect(await tokenSent(auth)).toBe('MIItoken-2');
  });

  it('keeps a still-valid token when renewal fails, and renews once IAM is back', async () => {
    const iam = iamService(t);
    const auth = await createAuthenticator(options(), iam.send, t.now);
    await tokenSent(auth);
    iam.state.mode = 'down';
    t.advance(23 * HOUR + 30 * MINUTE);
    expect(await tokenSent(auth)).toBe('MIItoken-1');
    iam.state.mode = 'ok';
    t.advance(MINUTE); // past the retry delay
    expect(await tokenSent(auth)).toBe('MIItoken-2');
  });

  it('fetches a new token after invalidate()', async () => {
    const iam = iamService(t);
    const auth = await createAuthenticator(options(), iam.send, t.now);
    await tokenSent(auth);
    auth.invalidate();
    expect(await tokenSent(auth)).toBe('MIItoken-2');
  });

  it('does not ask again for 5 minutes after IAM rejects the password (lock-out protection)', async () => {
    const iam = iamService(t);
    iam.state.mode = 'reject';
    const auth = await createAuthenticator(options(), iam.send, t.now);
    const first = await failure(tokenSent(auth));
    expect(first.code).toBe('CREDENTIALS');
    expect(first.message).toMatch(
      /IAM rejected the password of user alice in domain corp \(AUTH_FAILED HTTP 401\)/,
    );
    t.advance(4 * MINUTE);
    expect(await failure(tokenSent(auth))).toBe(first);
    expect(iam.requests).toHaveLength(1);
    iam.state.mode = 'ok';
    t.advance(2 * MINUTE);
    expect(await tokenSent(auth)).toBe('MIItoken-1');
  });

  it.each([
    ['no-header', /no X-Subject-Token header/],
    ['no-expiry', /no valid token.expires_at/],
  ] as const)('refuses an IAM answer with %s', async (mode, message) => {
    const iam = iamService(t);
    iam.state.mode = mode;
    const auth = await createAuthenticator(options(), iam.send, t.now);
    const e = await failure(tokenSent(auth));
    expect(e.code).toBe('CREDENTIALS');
    expect(e.message).toMatch(message);
  });

  it('refuses incomplete password credentials up front', async () => {
    const e = await failure(
      createAuthenticator(
        options({
          credentials: { kind: 'password', user: 'alice', password: new Secret(''), domain: 'corp' },
        }),
        iamService(t).send,
      ),
    );
    expect(e.message).toMatch(/needs a user, a domain and a non-empty password/);
  });
});
