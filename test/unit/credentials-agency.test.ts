// Assuming an IAM agency: the securitytokens request as Huawei documents it, signing with the issued temporary
// keys (X-Security-Token), renewal ahead of expiry with no moment without usable keys (injected clock), and a
// refused agency as a held CREDENTIALS error that names account and agency but no secret.

import { inspect } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/huaweicloud/credentials/authenticator.js';
import type { AgencyAssumption, ClientOptions } from '../../src/huaweicloud/options.js';
import { Secret } from '../../src/huaweicloud/secret.js';
import type { ApiRequest } from '../../src/huaweicloud/transport-types.js';
import {
  type Clock,
  clock,
  expectCredentialsError,
  fakeSend,
  httpFailure,
  MINUTE,
  networkFailure,
  ok,
  request,
} from './credentials-helpers.js';

const OWN_AK = 'MONITORINGAK00000001';
const OWN_SK = 'monitoring-account-secret-key-for-tests';
const T0 = Date.parse('2024-03-16T00:00:00Z');

interface Issued {
  access: string;
  secret: string;
  securitytoken: string;
  expiresAt: number;
}

/** IAM's securitytokens endpoint: issues numbered keys living `lifetimeMs`, or fails as `mode` says. */
function iamService(t: Clock, lifetimeMs = 15 * MINUTE) {
  const state = { mode: 'ok' as 'ok' | 'refuse' | 'down' | 'no-token' };
  const issued = new Map<string, Issued>();
  const service = fakeSend((req: ApiRequest) => {
    if (state.mode === 'refuse') throw httpFailure(req, 403, 'The agency does not exist or is not trusted.');
    if (state.mode === 'down') throw networkFailure(req);
    const n = issued.size + 1;
    const key: Issued = {
      access: `TEMPAK${String(n).padStart(14, '0')}`,
      secret: `temporary-secret-${n}`,
      securitytoken: `gQtemporary-security-token-${n}`,
      expiresAt: t.now() + lifetimeMs,
    };
    issued.set(key.access, key);
    const { expiresAt, ...fields } = key;
    const credential = state.mode === 'no-token' ? { ...fields, securitytoken: '' } : fields;
    return ok({ credential: { ...credential, expires_at: new Date(expiresAt).toISOString() } }, {}, 201);
  });
  return { ...service, state, issued };
}

const assumption: AgencyAssumption = { domainName: 'business-unit-a', agencyName: 'monitoring-readonly' };
const options = (assume: AgencyAssumption = assumption): ClientOptions => ({
  region: 'cn-north-4',
  env: {},
  credentials: { kind: 'aksk', ak: new Secret(OWN_AK), sk: new Secret(OWN_SK) },
  assume,
});

/** The AK a signed request's Authorization header names. */
function signingAk(headers: Record<string, string>): string | undefined {
  return /Access=([^,]+)/.exec(headers.Authorization ?? '')?.[1];
}

let t: Clock;
beforeEach(() => {
  t = clock(T0);
});

describe('assuming an agency', () => {
  it('asks IAM for temporary keys with the documented body, authenticated by the assumer', async () => {
    const iam = iamService(t);
    const auth = await createAuthenticator(
      options({ ...assumption, durationSeconds: 7200 }),
      iam.send,
      t.now,
    );
    await auth.apply(request());

    expect(iam.requests).toHaveLength(1);
    const [req] = iam.requests;
    expect(req).toMatchObject({
      service: 'iam',
      operation: 'CreateTemporaryAccessKeyByAgency',
      method: 'POST',
      path: ['v3.0', 'OS-CREDENTIAL', 'securitytokens'],
      auth: 'assumer',
    });
    expect(JSON.parse(req?.body ?? '')).toEqual({
      auth: {
        identity: {
          methods: ['assume_role'],
          assume_role: {
            agency_name: 'monitoring-readonly',
            domain_name: 'business-unit-a',
            duration_seconds: 7200,
          },
        },
      },
    });
    // The assumer is the exporter's own AK/SK: it signs the securitytokens request.
    const assumerHeaders = await auth.assumer?.apply(request());
    expect(signingAk(assumerHeaders ?? {})).toBe(OWN_AK);
  });

  it('sends the names without the blanks around them, and no blank domain field', async () => {
    const iam = iamService(t);
    const padded = { domainName: ' business-unit-a ', domainId: '  ', agencyName: ' monitoring-readonly\n' };
    const auth = await createAuthenticator(options(padded), iam.send, t.now);
    await auth.apply(request());
    expect(JSON.parse(iam.requests[0]?.body ?? '').auth.identity.assume_role).toEqual({
      agency_name: 'monitoring-readonly',
      domain_name: 'business-unit-a',
      duration_seconds: 3600,
    });
    expect(auth.identity).toBe('agency:["business-unit-a","monitoring-readonly"]');
  });

  it('signs requests with the temporary key and sends its security token', async () => {
    const iam = iamService(t);
    const auth = await createAuthenticator(options(), iam.send, t.now);
    const headers = await auth.apply(request({ 'X-Security-Token': 'caller-supplied', 'x-project-id': 'p' }));
    expect(signingAk(headers)).toBe('TEMPAK00000000000001');
    expect(headers['X-Security-Token']).toBe('gQtemporary-security-token-1');
    expect(Object.keys(headers).filter((h) => h.toLowerCase() === 'x-security-token')).toHaveLength(1);
    expect(auth.projectId).toBeUndefined(); // the assumer's project is not the delegating account's
    expect(auth.identity).toBe('agency:["business-unit-a","monitoring-readonly"]');
  });

  it('renews ahead of expiry so that every request is signed with a key that is still valid', async () => {
    const iam = iamService(t);
    const auth = await createAuthenticator(options({ ...assumption, durationSeconds: 900 }), iam.send, t.now);
    for (let elapsed = 0; elapsed <= 2 * 60 * MINUTE; elapsed += MINUTE / 2) {
      t.set(T0 + elapsed);
      const key = iam.issued.get(signingAk(await auth.apply(request())) ?? '');
      expect(key, `at +${elapsed / MINUTE} min`).toBeDefined();
      // Still at least a minute of life left: the request has to travel and be checked.
      expect(key?.expiresAt ?? 0).toBeGreaterThanOrEqual(t.now() + MINUTE);
    }
    // 15-minute keys renewed at half their life: about 16 in two hours, not one per request (240).
    expect(iam.issued.size).toBeGreaterThanOrEqual(16);
    expect(iam.issued.size).toBeLessThanOrEqual(18);
  });

  it('keeps signing with the current key while a renewal fails, then renews once IAM answers', async () => {
    const iam = iamService(t);
    const auth = await createAuthenticator(options({ ...assumption, durationSeconds: 900 }), iam.send, t.now);
    await auth.apply(request());
    iam.state.mode = 'down';
    t.set(T0 + 8 * MINUTE); // past the renewal point, well before expiry
    expect(signingAk(await auth.apply(request()))).toBe('TEMPAK00000000000001');
    iam.state.mode = 'ok';
    t.set(T0 + 9 * MINUTE);
    expect(signingAk(await auth.apply(request()))).toBe('TEMPAK00000000000002');
  });

  it('spaces out first issuances that fail on the network, and recovers seconds later', async () => {
    const iam = iamService(t);
    iam.state.mode = 'down';
    const auth = await createAuthenticator(options(), iam.send, t.now);
    await expectCredentialsError(auth.apply(request()), /could not assume agency monitoring-readonly/);
    await expectCredentialsError(auth.apply(request()), /could not assume agency monitoring-readonly/);
    expect(iam.requests).toHaveLength(1); // a burst of requests without keys asks IAM once
    iam.state.mode = 'ok';
    t.advance(10_000);
    expect(signingAk(await auth.apply(request()))).toBe('TEMPAK00000000000001');
    expect(iam.requests).toHaveLength(2);
  });

  it('turns a refused agency into a CREDENTIALS error naming account and agency, asked again only later', async () => {
    const iam = iamService(t);
    iam.state.mode = 'refuse';
    const auth = await createAuthenticator(options(), iam.send, t.now);
    const error = await expectCredentialsError(
      auth.apply(request()),
      /agency monitoring-readonly of account business-unit-a .*HTTP 403.*not asking again for 5 minutes/,
    );
    for (const secret of [OWN_AK, OWN_SK]) {
      expect(error.message).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
    }
    t.advance(4 * MINUTE);
    await expectCredentialsError(auth.apply(request()), /agency monitoring-readonly/);
    expect(iam.requests).toHaveLength(1); // no retry loop: one call, however many scrapes
    iam.state.mode = 'ok';
    t.advance(2 * MINUTE);
    expect(signingAk(await auth.apply(request()))).toBe('TEMPAK00000000000001');
    expect(iam.requests).toHaveLength(2);
  });

  it('keeps signing with keys that still work when IAM refuses their renewal, holding only the renewal', async () => {
    const iam = iamService(t, 60 * MINUTE);
    const auth = await createAuthenticator(options(), iam.send, t.now);
    await auth.apply(request());
    iam.state.mode = 'refuse';
    t.set(T0 + 51 * MINUTE); // past the renewal point (10 min before the end), keys valid until +60
    expect(signingAk(await auth.apply(request()))).toBe('TEMPAK00000000000001');
    t.set(T0 + 52 * MINUTE); // past the 30 s retry delay, within the refusal's 5-minute hold
    expect(signingAk(await auth.apply(request()))).toBe('TEMPAK00000000000001');
    expect(iam.requests).toHaveLength(2); // the hold spaces the renewals out
    t.set(T0 + 59.5 * MINUTE); // less than a minute left: no usable key, the refusal is the answer
    await expectCredentialsError(auth.apply(request()), /agency monitoring-readonly .*HTTP 403/);
  });

  it("does not blame the agency when IAM rejects the exporter's own credential (401)", async () => {
    const iam = fakeSend((req) => {
      throw httpFailure(req, 401, 'The token or signature is invalid.');
    });
    const auth = await createAuthenticator(options(), iam.send, t.now);
    const error = await expectCredentialsError(auth.apply(request()), /own credential .* was rejected/);
    expect(error.message).not.toMatch(/agency was deleted|not asking again/);
    // Held only briefly: the assumer's credential may be renewed (token expired, key rotated) soon.
    t.advance(10_000);
    await expectCredentialsError(auth.apply(request()), /own credential/);
    expect(iam.requests).toHaveLength(2);
  });

  it('drops the keys after a 401 so the next request asks IAM again', async () => {
    const iam = iamService(t);
    const auth = await createAuthenticator(options(), iam.send, t.now);
    await auth.apply(request());
    auth.invalidate();
    expect(signingAk(await auth.apply(request()))).toBe('TEMPAK00000000000002');
  });

  it('rejects an answer without a security token, naming the field and no value', async () => {
    const iam = iamService(t);
    iam.state.mode = 'no-token';
    const auth = await createAuthenticator(options(), iam.send, t.now);
    const error = await expectCredentialsError(
      auth.apply(request()),
      /lacks a usable credential\.securitytoken/,
    );
    expect(error.message).not.toContain('temporary-secret');
  });

  it.each([
    [{ agencyName: 'monitoring-readonly' }, /needs domainName or domainId/],
    [{ ...assumption, agencyName: ' ' }, /agencyName is empty/],
  ])('refuses an unusable assumption before asking IAM (%o)', async (assume, pattern) => {
    const iam = iamService(t);
    await expectCredentialsError(createAuthenticator(options(assume), iam.send, t.now), pattern);
    expect(iam.requests).toHaveLength(0);
  });

  it('shows where the credentials came from and nothing secret', async () => {
    const iam = iamService(t);
    const auth = await createAuthenticator(options(), iam.send, t.now);
    await auth.apply(request());
    const shown = `${JSON.stringify(auth)} ${inspect(auth, { depth: 5 })} ${auth.source}`;
    expect(shown).toContain('agency monitoring-readonly of account business-unit-a');
    for (const secret of [OWN_SK, 'temporary-secret-1', 'gQtemporary-security-token-1']) {
      expect(shown).not.toContain(secret);
    }
  });
});
