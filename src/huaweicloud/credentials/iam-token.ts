// IAM password authentication (API notes §6.3): POST /v3/auth/tokens with user, password and domain, scoped to
// the region's project; the token is the X-Subject-Token response header, valid 24 h, and is sent as
// X-Auth-Token on every request — nothing is signed. Huawei recommends AK/SK; this exists for accounts that
// cannot have access keys.

import { z } from 'zod';
import { HuaweiCloudError } from '../errors.js';
import type { PasswordCredentials } from '../options.js';
import { Secret } from '../secret.js';
import {
  type Authenticator,
  type AuthenticatorRequest,
  credentialsError,
  DescribedCredentials,
  describeFailure,
  HEADER_SAFE,
  type Send,
  statusOf,
  withoutHeaders,
} from './common.js';
import { type Expiring, RefreshingValue } from './refreshing-value.js';

/** Renew an hour before the end of a 24 h token (half the lifetime if a token is ever shorter-lived). */
const RENEW_MARGIN_MS = 60 * 60_000;
const RETRY_DELAY_MS = 30_000;
/** IAM locks a user after repeated wrong passwords: after a rejection, stop asking for a while. */
const REJECTED_HOLD_MS = 5 * 60_000;
const CALL_TIMEOUT_MS = 15_000;

const tokenBody = z.object({ token: z.object({ expires_at: z.string().trim().min(1) }) });

export interface TokenScope {
  region: string;
  /** Scope by id when known, else by the region's project name. */
  projectId: string | undefined;
}

export function tokenRequestBody(creds: PasswordCredentials, scope: TokenScope): string {
  const project = scope.projectId === undefined ? { name: scope.region } : { id: scope.projectId };
  return JSON.stringify({
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: { name: creds.user, password: creds.password.reveal(), domain: { name: creds.domain } },
        },
      },
      scope: { project },
    },
  });
}

export class PasswordTokenAuthenticator extends DescribedCredentials implements Authenticator {
  readonly #token: RefreshingValue<Secret>;
  readonly identity: string;

  constructor(creds: PasswordCredentials, scope: TokenScope, send: Send, now: () => number) {
    super(`IAM password token (user ${creds.user}, domain ${creds.domain})`, undefined);
    this.identity = `user:${JSON.stringify([creds.domain, creds.user])}`;
    const who = `user ${creds.user} in domain ${creds.domain}`;
    this.#token = new RefreshingValue(() => issueToken(creds, scope, send, who), now, {
      what: 'the IAM token',
      refreshMarginMs: RENEW_MARGIN_MS,
      retryDelayMs: RETRY_DELAY_MS,
      holdFailureMs: (e) => (isRejection(e) ? REJECTED_HOLD_MS : 0),
    });
  }

  async apply(req: AuthenticatorRequest, signal?: AbortSignal): Promise<Record<string, string>> {
    const token = await this.#token.get(signal);
    const headers = withoutHeaders(req.headers, ['x-auth-token', 'authorization']);
    headers['X-Auth-Token'] = token.reveal();
    return headers;
  }

  invalidate(): void {
    this.#token.invalidate();
  }
}

function isRejection(e: unknown): boolean {
  const status = e instanceof HuaweiCloudError && e.cause !== undefined ? statusOf(e.cause) : undefined;
  return status === 400 || status === 401 || status === 403;
}

async function issueToken(
  creds: PasswordCredentials,
  scope: TokenScope,
  send: Send,
  who: string,
): Promise<Expiring<Secret>> {
  let res: Awaited<ReturnType<Send>>;
  try {
    res = await send({
      service: 'iam',
      operation: 'KeystoneCreateUserTokenByPassword',
      method: 'POST',
      path: ['v3', 'auth', 'tokens'],
      query: [['nocatalog', 'true']],
      headers: { 'Content-Type': 'application/json;charset=utf8' },
      body: tokenRequestBody(creds, scope),
      auth: 'none',
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
  } catch (e) {
    const status = statusOf(e);
    const rejected = status === 400 || status === 401 || status === 403;
    const what = rejected
      ? `IAM rejected the password of ${who} (${describeFailure(e)}); not asking again for 5 minutes, as repeated failures lock the user`
      : `could not get an IAM token for ${who} (${describeFailure(e)})`;
    throw credentialsError(what, e, 'iam');
  }
  const token = res.headers['x-subject-token']?.trim();
  if (!token) throw credentialsError(`IAM issued no X-Subject-Token header for ${who}`, undefined, 'iam');
  if (!HEADER_SAFE.test(token)) {
    throw credentialsError(`IAM issued an X-Subject-Token for ${who} that cannot be sent back as a header`);
  }
  const body = tokenBody.safeParse(res.json);
  const expiresAt = body.success ? Date.parse(body.data.token.expires_at) : Number.NaN;
  if (Number.isNaN(expiresAt)) {
    throw credentialsError(`IAM token answer for ${who} has no valid token.expires_at`, undefined, 'iam');
  }
  return { value: new Secret(token), expiresAt };
}
