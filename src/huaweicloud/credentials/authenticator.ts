// The credentials chain, as Huawei's SDKs walk it: explicit configuration → environment → credentials file →
// ECS/CCE metadata (API notes §6.2–6.5). The first source that has credentials wins; a source that is set up
// but broken (half a key pair, an unreadable *_FILE) is an error rather than a silent fall-through, so the
// exporter never runs on credentials other than the ones the operator meant.

import { homedir } from 'node:os';
import type { ClientOptions } from '../options.js';
import { AccessKeyAuthenticator, FixedKeySource } from './access-key-authenticator.js';
import { AgencyAuthenticator, checkAssumption } from './agency.js';
import type { AgencyKeys } from './agency-keys.js';
import { type Authenticator, checkAccessKey, credentialsError, type Send } from './common.js';
import { readCredentialsFile } from './credentials-file.js';
import { readEnvCredentials } from './env-credentials.js';
import { PasswordTokenAuthenticator } from './iam-token.js';
import { METADATA_SOURCE, MetadataKeySource } from './metadata.js';

export type { Authenticator, AuthenticatorRequest, Send } from './common.js';

const EXPLICIT_SOURCE = 'explicit configuration';
const HOW_TO =
  'set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (or CLOUD_SDK_AK and CLOUD_SDK_SK; each also as NAME_FILE), ' +
  'write a [basic] ak/sk to ~/.huaweicloud/credentials (or the file HUAWEICLOUD_SDK_CREDENTIALS_FILE names), ' +
  'configure credentials explicitly, or run on ECS/CCE with an agency attached';

/**
 * Resolves the credentials to use: the exporter's own, or — with `assume` — an agency's temporary keys that
 * the exporter's own obtain (credentials/agency.ts).
 */
export async function createAuthenticator(
  opts: ClientOptions,
  send: Send,
  now: () => number = Date.now,
  agencyKeys?: AgencyKeys,
): Promise<Authenticator> {
  const own = await createOwnAuthenticator(opts, send, now);
  if (opts.assume === undefined) return own;
  // checkAssumption before anything is shared: a bad assumption fails here, naming the field.
  checkAssumption(opts.assume);
  const shared = agencyKeys?.acquire(own, opts.assume, send, now);
  return new AgencyAuthenticator(own, opts.assume, send, now, shared);
}

/**
 * Resolves the exporter's own credentials. `send` performs an unauthenticated request (metadata, IAM token issue); the
 * transport supplies it. Temporary metadata keys are fetched now, so "no credentials anywhere" fails here;
 * an IAM password token is fetched on first use.
 */
async function createOwnAuthenticator(
  opts: ClientOptions,
  send: Send,
  now: () => number,
): Promise<Authenticator> {
  const explicit = opts.credentials;
  if (explicit?.kind === 'password') {
    if (explicit.user.trim() === '' || explicit.domain.trim() === '' || explicit.password.isEmpty) {
      throw credentialsError('IAM password authentication needs a user, a domain and a non-empty password');
    }
    return new PasswordTokenAuthenticator(
      explicit,
      { region: opts.region, projectId: opts.projectId },
      send,
      now,
    );
  }
  if (explicit?.kind === 'aksk') {
    const key = checkAccessKey(
      { ak: explicit.ak, sk: explicit.sk, securityToken: explicit.securityToken },
      EXPLICIT_SOURCE,
    );
    return new AccessKeyAuthenticator(new FixedKeySource(key), EXPLICIT_SOURCE, undefined, now);
  }
  if (opts.credentialChain === false) {
    throw credentialsError(
      'no credentials: none are configured and the credentials chain (environment, credentials file, ECS metadata) is turned off',
    );
  }

  const env = opts.env ?? process.env;
  // The real home directory only when reading the real environment: an injected one stays hermetic.
  const found =
    (await readEnvCredentials(env)) ??
    (await readCredentialsFile(env, opts.env === undefined ? homedir : undefined));
  if (found !== undefined) {
    return new AccessKeyAuthenticator(new FixedKeySource(found.key), found.source, found.projectId, now);
  }

  const metadata = new MetadataKeySource(send, now);
  try {
    await metadata.current();
  } catch (e) {
    const why = e instanceof Error ? e.message : 'it failed';
    throw credentialsError(`no credentials: ${HOW_TO}. ${why}`, e);
  }
  return new AccessKeyAuthenticator(metadata, METADATA_SOURCE, undefined, now);
}
