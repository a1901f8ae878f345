// HTTP basic auth against bcrypt hashes (exporter-toolkit's basic_auth_users). An unknown user costs the same
// bcrypt comparison as a known one (against a dummy hash of the same cost), so response time does not reveal
// which user names exist. Verified credentials are remembered by keyed digest, because bcrypt at a sane cost
// takes tens of milliseconds and Prometheus sends the same credentials on every scrape.

import { createHmac, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';

const CACHE_LIMIT = 256;

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

export class BasicAuthenticator {
  readonly #users: ReadonlyMap<string, string>;
  readonly #cacheKey = randomBytes(32);
  readonly #verified = new Set<string>();
  readonly #dummyHash: Promise<string> | undefined;

  constructor(users: ReadonlyMap<string, string>) {
    this.#users = users;
    // Same cost as the real hashes: a cheaper dummy would make unknown users answer faster.
    const rounds = Math.max(...[...users.values()].map((h) => bcrypt.getRounds(h)));
    this.#dummyHash = users.size === 0 ? undefined : bcrypt.hash(randomBytes(16).toString('hex'), rounds);
  }

  get enabled(): boolean {
    return this.#users.size > 0;
  }

  /** True when the Authorization header carries a configured user and the right password. */
  async verify(authorization: string | undefined): Promise<boolean> {
    const credentials = parseBasicAuthorization(authorization);
    if (credentials === undefined) return false;
    const hash = this.#users.get(credentials.user);
    const digest = createHmac('sha256', this.#cacheKey)
      .update(`${credentials.user}\0${credentials.password}\0${hash ?? ''}`)
      .digest('base64');
    if (hash !== undefined && this.#verified.has(digest)) return true;
    const ok = await bcrypt.compare(credentials.password, hash ?? (await this.#dummyHash) ?? '');
    if (!ok || hash === undefined) return false;
    if (this.#verified.size >= CACHE_LIMIT) this.#verified.clear();
    this.#verified.add(digest);
    return true;
  }
}
