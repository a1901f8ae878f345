// Everything the simulator accepts as proof of identity: the permanent AK/SK, temporary AK/SK handed out by the
// ECS metadata endpoint or issued through an agency (with their security token), IAM tokens from POST /v3/auth/tokens, and metadata session
// tokens. Generated values are random (not seeded): they are credentials, not estate data.

import { randomBytes } from 'node:crypto';
import type { SigningKey } from './verifier.js';

const AK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const IAM_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface TemporaryCredential {
  access: string;
  secret: string;
  securityToken: string;
  expiresAtMs: number;
  /** Issued through an agency (securitytokens): the delegating account it acts in, and the agency. */
  agency?: AgencyGrant;
}

export interface AgencyGrant {
  /** Domain id of the delegating account. */
  account: string;
  agencyId: string;
}

export interface IamTokenGrant {
  token: string;
  projectId: string;
  /** The user whose password issued it: Huawei's flow control counts the token's calls against them. */
  user: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

export interface CredentialStoreOptions {
  ak: string;
  sk: string;
  now: () => number;
  /**
   * Whom the keys' calls are counted against (flow control is per user): the permanent AK's user, and the
   * temporary metadata keys too (the agency acts for that account; counting them apart would accept calls a
   * rotating key lets through a fresh window). Default `user:sim-user`.
   */
  owner?: string;
  /** Lifetime of temporary AK/SK from the metadata endpoint. */
  temporaryLifetimeSeconds?: number;
}

function randomText(length: number, alphabet: string): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

export class CredentialStore {
  /** The user every access key here belongs to (see CredentialStoreOptions.owner). */
  readonly keyOwner: string;
  readonly #permanent: { ak: string; sk: string };
  readonly #temporary = new Map<string, TemporaryCredential>();
  readonly #iamTokens = new Map<string, IamTokenGrant>();
  readonly #metadataTokens = new Map<string, number>();
  readonly #now: () => number;
  readonly #temporaryLifetimeMs: number;
  #current: TemporaryCredential | undefined;

  constructor(opts: CredentialStoreOptions) {
    this.#permanent = { ak: opts.ak, sk: opts.sk };
    this.keyOwner = opts.owner ?? 'user:sim-user';
    this.#now = opts.now;
    this.#temporaryLifetimeMs = (opts.temporaryLifetimeSeconds ?? 3600) * 1000;
  }

  /** Key lookup for the signature verifier. */
  lookup(ak: string): SigningKey | undefined {
    if (ak === this.#permanent.ak) return { sk: this.#permanent.sk };
    const temporary = this.#temporary.get(ak);
    if (!temporary) return undefined;
    return {
      sk: temporary.secret,
      securityToken: temporary.securityToken,
      expiresAtMs: temporary.expiresAtMs,
    };
  }

  /**
   * The metadata endpoint's current temporary credential. Like ECS it hands out the same one until less than
   * half of its life is left; older ones stay valid until they expire.
   */
  temporaryCredential(): TemporaryCredential {
    const now = this.#now();
    const current = this.#current;
    if (current && current.expiresAtMs - now > this.#temporaryLifetimeMs / 2) return current;
    this.#current = this.#issueTemporary(this.#temporaryLifetimeMs, undefined);
    return this.#current;
  }

  /** Temporary keys of a delegating account, issued through an agency for `seconds` (securitytokens). */
  issueAgencyCredential(grant: AgencyGrant, seconds: number): TemporaryCredential {
    return this.#issueTemporary(seconds * 1000, grant);
  }

  /** The agency grant behind temporary keys; undefined for the simulator's own account's keys. */
  agencyGrant(ak: string): AgencyGrant | undefined {
    return this.#temporary.get(ak)?.agency;
  }

  /**
   * Drops every key issued through the agency (deleted or changed): requests signed with them fail from now
   * on, as IAM stops honouring credentials of an agency that no longer grants them [inf].
   */
  revokeAgency(agencyId: string): number {
    let dropped = 0;
    for (const [ak, credential] of this.#temporary) {
      if (credential.agency?.agencyId === agencyId) {
        this.#temporary.delete(ak);
        dropped += 1;
      }
    }
    return dropped;
  }

  #issueTemporary(lifetimeMs: number, agency: AgencyGrant | undefined): TemporaryCredential {
    const now = this.#now();
    const fresh: TemporaryCredential = {
      access: randomText(20, AK_ALPHABET),
      secret: randomText(40, `${AK_ALPHABET}abcdefghijklmnopqrstuvwxyz`),
      securityToken: `gQpjbi1ub3J0aC00${randomBytes(96).toString('base64')}`,
      // Whole seconds: the wire format (2006-01-02T15:04:05Z) has no fraction.
      expiresAtMs: Math.floor((now + lifetimeMs) / 1000) * 1000,
      ...(agency === undefined ? {} : { agency }),
    };
    for (const [ak, old] of this.#temporary) if (old.expiresAtMs <= now) this.#temporary.delete(ak);
    this.#temporary.set(fresh.access, fresh);
    return fresh;
  }

  issueIamToken(projectId: string, user: string): IamTokenGrant {
    const issuedAtMs = this.#now();
    const grant: IamTokenGrant = {
      token: `MIIsim${randomBytes(192).toString('base64url')}`,
      projectId,
      user,
      issuedAtMs,
      expiresAtMs: issuedAtMs + IAM_TOKEN_LIFETIME_MS,
    };
    this.#iamTokens.set(grant.token, grant);
    return grant;
  }

  /** The grant behind an X-Auth-Token, or undefined when unknown or expired. */
  iamToken(token: string): IamTokenGrant | undefined {
    const grant = this.#iamTokens.get(token);
    if (!grant) return undefined;
    if (this.#now() >= grant.expiresAtMs) {
      this.#iamTokens.delete(token);
      return undefined;
    }
    return grant;
  }

  issueMetadataToken(ttlSeconds: number): string {
    const token = randomBytes(32).toString('base64url');
    this.#metadataTokens.set(token, this.#now() + ttlSeconds * 1000);
    return token;
  }

  isMetadataTokenValid(token: string): boolean {
    const expiresAtMs = this.#metadataTokens.get(token);
    return expiresAtMs !== undefined && this.#now() < expiresAtMs;
  }

  /** Drops every issued token and temporary key (control API: force clients to re-authenticate). */
  revokeIssued(): void {
    this.#temporary.clear();
    this.#iamTokens.clear();
    this.#metadataTokens.clear();
    this.#current = undefined;
  }
}
