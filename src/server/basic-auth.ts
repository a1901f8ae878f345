// HTTP basic auth against bcrypt hashes (exporter-toolkit's basic_auth_users), made cheap to refuse.
// - bcrypt runs in a worker (bcrypt-pool.ts), at most a few at a time; past that a request is refused at once
//   ('busy'), so a flood of wrong passwords cannot slow scrapes with the right one or /-/healthy.
// - Every outcome is remembered by a keyed digest (HMAC-SHA256 under a per-process random key, over user,
//   password and hash; never the password itself): the right password costs one hash, not one per scrape,
//   and a wrong one repeated costs one hash, then nothing. What is remembered survives a reload (setUsers):
//   the digest covers the hash, so a changed password never matches an old entry, and a right password
//   already verified is never refused while a flood of wrong ones keeps the verifications busy.
// - An unknown user costs the same comparison as a known one (against a dummy hash of the same cost), so
//   response time does not reveal which user names exist.

import { createHmac, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { BcryptBusyError, type BcryptPool } from './bcrypt-pool.js';

/** Digests remembered per outcome; a full set is emptied, which only costs hashes again. */
const SUCCESS_LIMIT = 256;
const FAILURE_LIMIT = 4096;

export type AuthOutcome = 'ok' | 'denied' | 'busy';

export function parseBasicAuthorization(
  header: string | undefined,
): { user: string; password: string } | undefined {
  if (header === undefined) return undefined;
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function remember(set: Set<string>, digest: string, limit: number): void {
  if (set.size >= limit) set.clear();
  set.add(digest);
}

export class BasicAuthenticator {
  #users: ReadonlyMap<string, string>;
  readonly #pool: BcryptPool;
  readonly #digestKey = randomBytes(32);
  readonly #verified = new Set<string>();
  readonly #rejected = new Set<string>();
  #dummyHash: Promise<string> | undefined;

  constructor(users: ReadonlyMap<string, string>, pool: BcryptPool) {
    this.#users = users;
    this.#pool = pool;
  }

  /** A reloaded web config: the remembered outcomes stay (see above), the dummy hash follows the new cost. */
  setUsers(users: ReadonlyMap<string, string>): void {
    this.#users = users;
    this.#dummyHash = undefined;
  }

  get enabled(): boolean {
    return this.#users.size > 0;
  }

  /**
   * 'ok' when the Authorization header carries a configured user and the right password. `source` (the remote
   * address) decides whose share of the verifications a new password uses (BcryptPool).
   */
  async verify(authorization: string | undefined, source = ''): Promise<AuthOutcome> {
    const credentials = parseBasicAuthorization(authorization);
    if (credentials === undefined) return 'denied';
    const hash = this.#users.get(credentials.user);
    const digest = createHmac('sha256', this.#digestKey)
      .update(`${credentials.user}\0${credentials.password}\0${hash ?? ''}`)
      .digest('base64');
    if (this.#verified.has(digest)) return 'ok';
    if (this.#rejected.has(digest)) return 'denied';
    let ok: boolean;
    try {
      ok = await this.#pool.compare(credentials.password, hash ?? (await this.#dummy()), source);
    } catch (error) {
      if (error instanceof BcryptBusyError) return 'busy';
      throw error;
    }
    if (ok && hash !== undefined) {
      remember(this.#verified, digest, SUCCESS_LIMIT);
      return 'ok';
    }
    remember(this.#rejected, digest, FAILURE_LIMIT);
    return 'denied';
  }

  /** Same cost as the real hashes: a cheaper dummy would make unknown users answer faster. */
  #dummy(): Promise<string> {
    const rounds = Math.max(...[...this.#users.values()].map((h) => bcrypt.getRounds(h)));
    this.#dummyHash ??= this.#pool.hash(randomBytes(16).toString('hex'), rounds).catch((error: unknown) => {
      this.#dummyHash = undefined; // a worker that died: try again next time
      throw error;
    });
    return this.#dummyHash;
  }
}
