// Step 3 of the credentials chain: the SDKs' profile file, at ~/.huaweicloud/credentials or wherever
// HUAWEICLOUD_SDK_CREDENTIALS_FILE points; its precedence below the environment; errors for broken files.

import { mkdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/huaweicloud/credentials/authenticator.js';
import type { ClientOptions } from '../../src/huaweicloud/options.js';
import { expectCredentialsError, noNetwork, request, scratchDir } from './credentials-helpers.js';

type Env = Record<string, string | undefined>;
let dir: Awaited<ReturnType<typeof scratchDir>>;
/** HOME points into the scratch directory, so the real ~/.huaweicloud is never read. */
let baseEnv: Env;

beforeEach(async () => {
  dir = await scratchDir();
  baseEnv = { HOME: dir.path };
});
afterEach(() => dir.remove());

const options = (env: Env): ClientOptions => ({ region: 'cn-north-4', env });

describe('credentials file', () => {
  const content = [
    '# written by hcloud configure',
    '[other]',
    'ak = OTHERAK0000000000001',
    '',
    '[basic]',
    'ak = FILEAK00000000000002',
    'sk = file-sk-2',
    'project_id = 0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    'security_token = file-sts-2',
  ].join('\n');

  it('reads [basic], as the SDKs do, from ~/.huaweicloud/credentials when the environment has no keys', async () => {
    await mkdir(`${dir.path}/.huaweicloud`);
    await dir.write('.huaweicloud/credentials', content);
    const auth = await createAuthenticator(options(baseEnv), noNetwork.send);
    expect(auth.source).toBe(`credentials file (${dir.path}/.huaweicloud/credentials)`);
    expect(auth.projectId).toBe('0a1b2c3d4e5f60718293a4b5c6d7e8f9');
    const headers = await auth.apply(request());
    expect(headers.Authorization).toContain('Access=FILEAK00000000000002,');
    expect(headers['X-Security-Token']).toBe('file-sts-2');
  });

  it('reads the file HUAWEICLOUD_SDK_CREDENTIALS_FILE names, and the environment still wins over it', async () => {
    const file = await dir.write('creds.ini', content);
    const fromFile = await createAuthenticator(
      options({ ...baseEnv, HUAWEICLOUD_SDK_CREDENTIALS_FILE: file }),
      noNetwork.send,
    );
    expect(fromFile.source).toBe(`credentials file (${file})`);
    const env = {
      ...baseEnv,
      HUAWEICLOUD_SDK_CREDENTIALS_FILE: file,
      HUAWEICLOUD_SDK_AK: 'ENVAK000000000000001',
      HUAWEICLOUD_SDK_SK: 's',
    };
    expect((await createAuthenticator(options(env), noNetwork.send)).source).toBe(
      'environment (HUAWEICLOUD_SDK_AK)',
    );
  });

  it('reads [default] when there is no [basic], and prefers [basic] when both are there', async () => {
    const file = await dir.write('creds.ini', '[default]\nak = DEFAULTAK00000000001\nsk = s\n');
    const env = { ...baseEnv, HUAWEICLOUD_SDK_CREDENTIALS_FILE: file };
    const fromDefault = await createAuthenticator(options(env), noNetwork.send);
    expect((await fromDefault.apply(request())).Authorization).toContain('Access=DEFAULTAK00000000001,');
    await dir.write('creds.ini', `[default]\nak = DEFAULTAK00000000001\nsk = s\n${content}`);
    const fromBasic = await createAuthenticator(options(env), noNetwork.send);
    expect((await fromBasic.apply(request())).Authorization).toContain('Access=FILEAK00000000000002,');
  });

  it.each([
    ['[basic]\nak = FILEAK00000000000002\n', /has no sk in \[basic\]/],
    ['[global]\nak = A\nsk = B\n', /has no \[basic\] section \(nor \[default\]\)/],
    ['ak = A\n', /line 1 comes before any \[section\]/],
    ['[basic]\nthis line is junk\n', /line 2 is neither \[section\] nor key = value/],
  ])('explains a broken file %#', async (text, message) => {
    const file = await dir.write('broken.ini', text);
    await expectCredentialsError(
      createAuthenticator(options({ ...baseEnv, HUAWEICLOUD_SDK_CREDENTIALS_FILE: file }), noNetwork.send),
      message,
    );
  });

  it('treats a named file that does not exist as an error, not as "no file"', async () => {
    await expectCredentialsError(
      createAuthenticator(
        options({ ...baseEnv, HUAWEICLOUD_SDK_CREDENTIALS_FILE: `${dir.path}/missing` }),
        noNetwork.send,
      ),
      /HUAWEICLOUD_SDK_CREDENTIALS_FILE names .*missing, which cannot be read \(ENOENT\)/,
    );
  });
});
