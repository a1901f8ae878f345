// AK/SK authentication: every request is signed afresh (X-Sdk-Date must be current) with the key its source
// gives now — fixed keys, or temporary ones that also need X-Security-Token (signed, API notes §2.2).

import { accessKeyId } from '../key-id.js';
import { formatSdkDate, sign } from '../signer.js';
import {
  type AccessKey,
  type AccessKeySource,
  type Authenticator,
  type AuthenticatorRequest,
  DescribedCredentials,
  withoutHeaders,
} from './common.js';

/** Keys that never change (explicit, environment, credentials file). */
export class FixedKeySource implements AccessKeySource {
  readonly #key: AccessKey;
  readonly identity: string;

  constructor(key: AccessKey) {
    this.#key = key;
    this.identity = `ak:${accessKeyId(key.ak.reveal())}`;
  }

  current(): Promise<AccessKey> {
    return Promise.resolve(this.#key);
  }

  invalidate(): void {
    // Nothing cached to drop: the same key is all there is.
  }
}

export class AccessKeyAuthenticator extends DescribedCredentials implements Authenticator {
  readonly #keys: AccessKeySource;
  readonly #now: () => number;

  constructor(keys: AccessKeySource, source: string, projectId: string | undefined, now: () => number) {
    super(source, projectId);
    this.#keys = keys;
    this.#now = now;
  }

  get identity(): string {
    return this.#keys.identity ?? this.source;
  }

  async apply(req: AuthenticatorRequest, signal?: AbortSignal): Promise<Record<string, string>> {
    const key = await this.#keys.current(signal);
    // Only this key's token may be sent (and signed); a caller's X-Auth-Token would be a second credential.
    const headers = withoutHeaders(req.headers, ['x-security-token', 'x-auth-token']);
    if (key.securityToken !== undefined) headers['X-Security-Token'] = key.securityToken.reveal();
    return sign({
      method: req.method,
      url: req.url,
      headers,
      body: req.body,
      ak: key.ak.reveal(),
      sk: key.sk.reveal(),
      date: formatSdkDate(new Date(this.#now())),
    }).headers;
  }

  invalidate(): void {
    this.#keys.invalidate();
  }
}
