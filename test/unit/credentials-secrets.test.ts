// Canary scan: no secret value (AK, SK, security token, IAM password or token) appears in JSON.stringify or
// util.inspect of an authenticator from any source, nor in any error the credentials layer throws.

import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Authenticator, createAuthenticator } from '../../src/huaweicloud/credentials/authenticator.js';
import type { ClientOptions } from '../../src/huaweicloud/options.js';
import { Secret } from '../../src/huaweicloud/secret.js';
import {
  clock,
  fakeSend,
  HOUR,
  httpFailure,
  noNetwork,
  ok,
  request,
  scratchDir,
} from './credentials-helpers.js';

const AK = 'CANARYAKQTWAOYTTINDUT2Q';
const SK = 'CANARY-SK-MFyfvK41ba2giqM7Uio6Pznp';
const STS = 'CANARY-STS-gQpjbi1ub3J0aC00';
const PASSWORD = 'CANARY-PASSWORD-hunter2';
const IAM_TOKEN = 'CANARY-IAM-TOKEN-MIIZ0gYJKoZIhvcNAQcC';
const CANARIES = [AK, SK, STS, PASSWORD, IAM_TOKEN];
/** Fragments too, in case something slices a value. */
const FRAGMENTS = CANARIES.flatMap((c) => [c, c.slice(0, 12), c.slice(-12)]);

function expectNoSecret(text: string, context: string): void {
  for (const fragment of FRAGMENTS) {
    if (text.includes(fragment))
      throw new Error(`${context} contains secret fragment ${JSON.stringify(fragment)}`);
  }
}

function expectCleanObject(value: unknown, context: string): void {
  expectNoSecret(JSON.stringify(value) ?? '', `${context} JSON`);
  expectNoSecret(
    inspect(value, { showHidden: true, depth: Number.POSITIVE_INFINITY, getters: true }),
    `${context} inspect`,
  );
  expectNoSecret(String(value), `${context} String()`);
}

async function expectCleanFailure(promise: Promise<unknown>, context: string): Promise<void> {
  const e = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e, `${context} should fail`).toBeInstanceOf(Error);
  const error = e as Error;
  expectNoSecret(error.message, `${context} message`);
  expectNoSecret(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }), `${context} inspect`);
  expectNoSecret(JSON.stringify(error), `${context} JSON`);
}

let dir: Awaited<ReturnType<typeof scratchDir>>;
beforeEach(async () => {
  dir = await scratchDir();
});
afterEach(() => dir.remove());

const base = (extra: Partial<ClientOptions>): ClientOptions => ({
  region: 'cn-north-4',
  env: { HOME: dir.path },
  ...extra,
});

const securityKey = {
  credential: { access: AK, secret: SK, securitytoken: STS, expires_at: '2024-03-16T09:30:45Z' },
};

describe('authenticators do not render secrets', () => {
  const t = clock(Date.parse('2024-03-16T00:00:00Z'));
  const sources: Array<[string, () => Promise<Authenticator>]> = [
    [
      'explicit',
      () =>
        createAuthenticator(
          base({
            credentials: {
              kind: 'aksk',
              ak: new Secret(AK),
              sk: new Secret(SK),
              securityToken: new Secret(STS),
            },
          }),
          noNetwork.send,
          t.now,
        ),
    ],
    [
      'environment',
      () =>
        createAuthenticator(
          base({
            env: {
              HOME: dir.path,
              HUAWEICLOUD_SDK_AK: AK,
              HUAWEICLOUD_SDK_SK: SK,
              HUAWEICLOUD_SDK_SECURITY_TOKEN: STS,
            },
          }),
          noNetwork.send,
          t.now,
        ),
    ],
    [
      'credentials file',
      async () => {
        const file = await dir.write('creds', `[default]\nak = ${AK}\nsk = ${SK}\nsecurity_token = ${STS}\n`);
        return createAuthenticator(
          base({ env: { HOME: dir.path, HUAWEICLOUD_SDK_CREDENTIALS_FILE: file } }),
          noNetwork.send,
          t.now,
        );
      },
    ],
    [
      'metadata',
      () =>
        createAuthenticator(
          base({}),
          fakeSend((req) => (req.operation === 'GetSecurityKey' ? ok(securityKey) : ok(undefined))).send,
          t.now,
        ),
    ],
    [
      'IAM password',
      () =>
        createAuthenticator(
          base({
            credentials: { kind: 'password', user: 'alice', password: new Secret(PASSWORD), domain: 'corp' },
          }),
          fakeSend(() =>
            ok(
              { token: { expires_at: new Date(t.now() + 24 * HOUR).toISOString() } },
              { 'x-subject-token': IAM_TOKEN },
              201,
            ),
          ).send,
          t.now,
        ),
    ],
  ];

  it.each(sources)('%s, before and after use', async (name, make) => {
    const auth = await make();
    expectCleanObject(auth, name);
    const headers = await auth.apply(request());
    // The credential is on the request (that is its job) and nowhere else.
    expect(JSON.stringify(headers)).toMatch(new RegExp(`${AK}|${IAM_TOKEN}`));
    expectCleanObject(auth, `${name} after apply`);
    expect(JSON.parse(JSON.stringify(auth))).toEqual({ source: auth.source, projectId: auth.projectId });
  });
});

describe('errors do not carry secrets', () => {
  it('from a malformed credentials file line', async () => {
    const file = await dir.write('creds', `[default]\nak ${AK}\nsk = ${SK}\n`);
    await expectCleanFailure(
      createAuthenticator(base({ env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: file } }), noNetwork.send),
      'file line',
    );
  });

  it('from keys that cannot be used', async () => {
    await expectCleanFailure(
      createAuthenticator(
        base({ credentials: { kind: 'aksk', ak: new Secret(`${AK} x`), sk: new Secret(SK) } }),
        noNetwork.send,
      ),
      'explicit AK with a space',
    );
    await expectCleanFailure(
      createAuthenticator(
        base({ env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: `${SK}\nsecond line` } }),
        noNetwork.send,
      ),
      'SK with a line break',
    );
    await expectCleanFailure(
      createAuthenticator(
        base({ env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_AK_FILE: '/x', HUAWEICLOUD_SDK_SK: SK } }),
        noNetwork.send,
      ),
      'both AK and AK_FILE',
    );
  });

  it('from metadata answers that are incomplete', async () => {
    const partial = { credential: { access: AK, secret: SK, securitytoken: STS } };
    const md = fakeSend((req) => (req.operation === 'GetSecurityKey' ? ok(partial) : ok(undefined)));
    await expectCleanFailure(createAuthenticator(base({}), md.send), 'metadata without expiry');
  });

  it('from IAM rejecting the password or returning an unusable token', async () => {
    const creds = {
      kind: 'password' as const,
      user: 'alice',
      password: new Secret(PASSWORD),
      domain: 'corp',
    };
    const rejecting = fakeSend((req) => {
      throw httpFailure(req, 401, 'The username or password is wrong.');
    });
    const rejected = await createAuthenticator(base({ credentials: creds }), rejecting.send);
    await expectCleanFailure(rejected.apply(request()), 'IAM rejection');
    expect(rejecting.requests[0]?.body).toContain(PASSWORD); // the password did go to IAM, and only there

    const badToken = fakeSend(() =>
      ok(
        { token: { expires_at: '2030-01-01T00:00:00Z' } },
        { 'x-subject-token': `${IAM_TOKEN} with space` },
        201,
      ),
    );
    const auth = await createAuthenticator(base({ credentials: creds }), badToken.send);
    await expectCleanFailure(auth.apply(request()), 'IAM token with a space');
  });
});
