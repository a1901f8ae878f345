// The credentials chain: explicit → environment (incl. *_FILE and the CLOUD_SDK_* family) → credentials file
// (credentials-file.test.ts) → ECS metadata, each step on its own, their precedence, and the errors for
// half-configured sources.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Authenticator, createAuthenticator } from '../../src/huaweicloud/credentials/authenticator.js';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import type { ClientOptions } from '../../src/huaweicloud/options.js';
import { Secret } from '../../src/huaweicloud/secret.js';
import { sign } from '../../src/huaweicloud/signer.js';
import {
  clock,
  expectCredentialsError,
  fakeSend,
  httpFailure,
  networkFailure,
  noNetwork,
  ok,
  request,
  scratchDir,
} from './credentials-helpers.js';

type Env = Record<string, string | undefined>;
let dir: Awaited<ReturnType<typeof scratchDir>>;
/** HOME points into the scratch directory, so the real ~/.huaweicloud is never read. */
let baseEnv: Env;

beforeEach(async () => {
  dir = await scratchDir();
  baseEnv = { HOME: dir.path };
});
afterEach(() => dir.remove());

const options = (env: Env, extra: Partial<ClientOptions> = {}): ClientOptions => ({
  region: 'cn-north-4',
  env,
  ...extra,
});

/** The Access= part of the Authorization header apply() produced. */
async function accessKeyUsed(auth: Authenticator): Promise<string | undefined> {
  const headers = await auth.apply(request());
  return /Access=([^,]+)/.exec(headers.Authorization ?? '')?.[1];
}

describe('explicit credentials', () => {
  it('win over the environment and sign with the given key and security token', async () => {
    const t = clock(Date.parse('2024-03-15T09:30:54Z'));
    const env = { ...baseEnv, HUAWEICLOUD_SDK_AK: 'ENVAK000000000000001', HUAWEICLOUD_SDK_SK: 'env-sk-1' };
    const auth = await createAuthenticator(
      options(env, {
        credentials: {
          kind: 'aksk',
          ak: new Secret('CFGAK000000000000001'),
          sk: new Secret('cfg-sk-1'),
          securityToken: new Secret('cfg-sts-1'),
        },
      }),
      noNetwork.send,
      t.now,
    );
    expect(auth.source).toBe('explicit configuration');
    expect(auth.projectId).toBeUndefined();
    const headers = await auth.apply(request());
    const expected = sign({
      ...request(),
      headers: { 'x-project-id': '0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'X-Security-Token': 'cfg-sts-1' },
      ak: 'CFGAK000000000000001',
      sk: 'cfg-sk-1',
      date: '20240315T093054Z',
    });
    expect(headers).toEqual(expected.headers);
    expect(expected.signedHeaders).toBe('host;x-project-id;x-sdk-date;x-security-token');
  });

  it('refuses a key with a line break, naming the source but not the value', async () => {
    const e = await expectCredentialsError(
      createAuthenticator(
        options(baseEnv, {
          credentials: { kind: 'aksk', ak: new Secret('AK WITH SPACE'), sk: new Secret('s') },
        }),
        noNetwork.send,
      ),
      /access key from explicit configuration/,
    );
    expect(e.message).not.toContain('AK WITH SPACE');
  });

  it('refuses to guess when the chain is turned off and nothing is configured', async () => {
    await expectCredentialsError(
      createAuthenticator(
        options({ ...baseEnv, HUAWEICLOUD_SDK_AK: 'A', HUAWEICLOUD_SDK_SK: 'B' }, { credentialChain: false }),
        noNetwork.send,
      ),
      /chain .* is turned off/,
    );
  });
});

describe('environment', () => {
  it('reads HUAWEICLOUD_SDK_AK/SK, the security token and the project id', async () => {
    const env = {
      ...baseEnv,
      HUAWEICLOUD_SDK_AK: 'ENVAK000000000000001',
      HUAWEICLOUD_SDK_SK: 'env-sk-1',
      HUAWEICLOUD_SDK_SECURITY_TOKEN: 'env-sts-1',
      HUAWEICLOUD_SDK_PROJECT_ID: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    };
    const auth = await createAuthenticator(options(env), noNetwork.send);
    expect(auth.source).toBe('environment (HUAWEICLOUD_SDK_AK)');
    expect(auth.projectId).toBe('0a1b2c3d4e5f60718293a4b5c6d7e8f9');
    const headers = await auth.apply(request());
    expect(headers['X-Security-Token']).toBe('env-sts-1');
    expect(headers.Authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=ENVAK000000000000001, SignedHeaders=host;x-project-id;x-sdk-date;x-security-token, /,
    );
  });

  it('accepts the CLOUD_SDK_AK/SK pair from the API samples', async () => {
    const env = { ...baseEnv, CLOUD_SDK_AK: 'SAMPLEAK000000000001', CLOUD_SDK_SK: 'sample-sk' };
    const auth = await createAuthenticator(options(env), noNetwork.send);
    expect(auth.source).toBe('environment (CLOUD_SDK_AK)');
    expect(await accessKeyUsed(auth)).toBe('SAMPLEAK000000000001');
  });

  it('prefers the HUAWEICLOUD_SDK family when both are set', async () => {
    const env = {
      ...baseEnv,
      CLOUD_SDK_AK: 'SAMPLEAK000000000001',
      CLOUD_SDK_SK: 'sample-sk',
      HUAWEICLOUD_SDK_AK: 'ENVAK000000000000001',
      HUAWEICLOUD_SDK_SK: 'env-sk-1',
    };
    expect(await accessKeyUsed(await createAuthenticator(options(env), noNetwork.send))).toBe(
      'ENVAK000000000000001',
    );
  });

  it('reads NAME_FILE values, trimmed', async () => {
    const akFile = await dir.write('ak', '  FILEAK00000000000001\n');
    const skFile = await dir.write('sk', 'file-sk-1\n');
    const env = { ...baseEnv, HUAWEICLOUD_SDK_AK_FILE: akFile, HUAWEICLOUD_SDK_SK_FILE: skFile };
    const auth = await createAuthenticator(options(env), noNetwork.send);
    expect(auth.source).toBe('environment (HUAWEICLOUD_SDK_AK_FILE)');
    const t = clock(Date.parse('2024-03-15T09:30:54Z'));
    const again = await createAuthenticator(options(env), noNetwork.send, t.now);
    const headers = await again.apply(request());
    const expected = sign({
      ...request(),
      ak: 'FILEAK00000000000001',
      sk: 'file-sk-1',
      date: '20240315T093054Z',
    });
    expect(headers.Authorization).toBe(expected.authorization);
  });

  it.each([
    [
      { HUAWEICLOUD_SDK_AK: 'ENVAK000000000000001' },
      /HUAWEICLOUD_SDK_AK is set but HUAWEICLOUD_SDK_SK is not/,
    ],
    [{ CLOUD_SDK_SK: 'only-the-secret' }, /CLOUD_SDK_SK is set but CLOUD_SDK_AK is not/],
    [
      { HUAWEICLOUD_SDK_AK: 'A1', HUAWEICLOUD_SDK_AK_FILE: '/x', HUAWEICLOUD_SDK_SK: 's' },
      /either HUAWEICLOUD_SDK_AK or HUAWEICLOUD_SDK_AK_FILE/,
    ],
    [
      { HUAWEICLOUD_SDK_AK: 'A1', HUAWEICLOUD_SDK_SK_FILE: '/nonexistent/sk' },
      /HUAWEICLOUD_SDK_SK_FILE names \/nonexistent\/sk, which cannot be read \(ENOENT\)/,
    ],
    [
      { HUAWEICLOUD_SDK_AK: 'A1', HUAWEICLOUD_SDK_SK: 's', HUAWEICLOUD_SDK_PROJECT_ID: 'bad id/..' },
      /project id from HUAWEICLOUD_SDK_PROJECT_ID/,
    ],
  ])('explains a half-configured environment %#', async (vars, message) => {
    await expectCredentialsError(
      createAuthenticator(options({ ...baseEnv, ...vars }), noNetwork.send),
      message,
    );
  });

  it('calls an empty *_FILE a mistake', async () => {
    const empty = await dir.write('empty', '\n  \n');
    await expectCredentialsError(
      createAuthenticator(
        options({ ...baseEnv, HUAWEICLOUD_SDK_AK: 'A1', HUAWEICLOUD_SDK_SK_FILE: empty }),
        noNetwork.send,
      ),
      /HUAWEICLOUD_SDK_SK_FILE names .*, which is empty/,
    );
  });
});

describe('ECS metadata as the last step', () => {
  const securityKey = {
    credential: {
      access: 'TMPAK000000000000001',
      secret: 'tmp-sk-1',
      securitytoken: 'tmp-sts-1',
      expires_at: '2024-03-16T09:30:45Z',
    },
  };

  it('is used only when nothing else has credentials', async () => {
    const metadata = fakeSend((req) => {
      if (req.operation === 'GetSecurityKey') return ok(securityKey);
      throw httpFailure(req, 404); // no session tokens on this server
    });
    const t = clock(Date.parse('2024-03-16T00:00:00Z'));
    const auth = await createAuthenticator(options(baseEnv), metadata.send, t.now);
    expect(auth.source).toBe('ECS metadata (temporary credentials)');
    expect(metadata.requests.every((r) => r.service === 'metadata' && r.auth === 'none')).toBe(true);
    const headers = await auth.apply(request());
    expect(headers.Authorization).toContain('Access=TMPAK000000000000001,');
    expect(headers['X-Security-Token']).toBe('tmp-sts-1');

    const env = { ...baseEnv, HUAWEICLOUD_SDK_AK: 'ENVAK000000000000001', HUAWEICLOUD_SDK_SK: 's' };
    const before = metadata.requests.length;
    await createAuthenticator(options(env), metadata.send, t.now);
    expect(metadata.requests.length).toBe(before);
  });

  it('fails with every option spelled out when the metadata service is not there either', async () => {
    const offline = fakeSend((req) => {
      throw networkFailure(req);
    });
    const e = await expectCredentialsError(
      createAuthenticator(options(baseEnv), offline.send, clock().now),
      /^no credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK .*HUAWEICLOUD_SDK_CREDENTIALS_FILE.*agency.*ECS metadata service did not provide temporary credentials \(NETWORK\)/,
    );
    expect(e.cause).toBeInstanceOf(HuaweiCloudError);
  });
});

describe('IAM password credentials', () => {
  it('are not sent anywhere until a request needs a token', async () => {
    const iam = fakeSend(() =>
      ok({ token: { expires_at: '2024-03-17T00:00:00Z' } }, { 'x-subject-token': 'tok' }, 201),
    );
    const auth = await createAuthenticator(
      options(baseEnv, {
        credentials: { kind: 'password', user: 'alice', password: new Secret('pw'), domain: 'corp' },
      }),
      iam.send,
      clock().now,
    );
    expect(auth.source).toBe('IAM password token (user alice, domain corp)');
    expect(iam.requests).toHaveLength(0);
    await auth.apply(request());
    expect(iam.count('KeystoneCreateUserTokenByPassword')).toBe(1);
  });
});
