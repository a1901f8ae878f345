// The gateway's decision for one request: an IAM token (X-Auth-Token) or an SDK-HMAC-SHA256 signature, with
// the AK lock in front of the signature check (docs §2.6, §6.3).

import type { AkLock } from './ak-lock.js';
import type { CredentialStore } from './credentials.js';
import { AUTH_MESSAGE_PREFIX, headerValue, type ReceivedRequest, verifySignature } from './verifier.js';

/**
 * `user`: whom flow control counts the call against — the credential's owner, not the credential.
 * `account`: the delegating account (domain id) keys issued through an agency act in; absent: the own one.
 */
export type AuthOutcome =
  | { ok: true; method: 'aksk'; ak: string; temporary: boolean; user: string; account?: string }
  | { ok: true; method: 'token'; projectId: string; user: string }
  | { ok: false; message: string };

export interface AuthenticatorOptions {
  credentials: CredentialStore;
  lock: AkLock;
  /** Clock the X-Sdk-Date window and expiries are checked against. */
  now: () => number;
}

export class Authenticator {
  readonly #opts: AuthenticatorOptions;

  constructor(opts: AuthenticatorOptions) {
    this.#opts = opts;
  }

  authenticate(req: ReceivedRequest): AuthOutcome {
    const token = headerValue(req.headers, 'x-auth-token');
    if (token !== undefined) {
      const grant = this.#opts.credentials.iamToken(token.trim());
      if (!grant) return { ok: false, message: `${AUTH_MESSAGE_PREFIX}: decrypt token fail` };
      return { ok: true, method: 'token', projectId: grant.projectId, user: grant.user };
    }
    if (headerValue(req.headers, 'authorization') === undefined) {
      return {
        ok: false,
        message: `${AUTH_MESSAGE_PREFIX}: the request carries neither an Authorization header nor X-Auth-Token`,
      };
    }
    const { credentials, lock, now } = this.#opts;
    const result = verifySignature(req, { lookup: (ak) => credentials.lookup(ak), nowMs: now() });
    if (result.ak !== undefined && lock.isLocked(result.ak)) {
      return { ok: false, message: `${AUTH_MESSAGE_PREFIX}: AK access failed to reach the limit,forbidden` };
    }
    if (!result.ok) {
      if (result.ak !== undefined) lock.recordFailure(result.ak);
      return { ok: false, message: result.message };
    }
    lock.recordSuccess(result.ak);
    const temporary = credentials.lookup(result.ak)?.securityToken !== undefined;
    const agency = credentials.agencyGrant(result.ak);
    if (agency !== undefined) {
      const user = `agency:${agency.account}/${agency.agencyId}`;
      return { ok: true, method: 'aksk', ak: result.ak, temporary, user, account: agency.account };
    }
    return { ok: true, method: 'aksk', ak: result.ak, temporary, user: credentials.keyOwner };
  }
}
