// Step 4 of the chain: temporary AK/SK from the ECS/BMS metadata service (API notes §6.4), which a server or
// CCE node gets when an agency is attached to it. Keys come with a security token and an expiry; they are
// renewed when less than 40 minutes remain (as the Go SDK does).

import { z } from 'zod';
import { isHuaweiCloudError } from '../errors.js';
import { Secret } from '../secret.js';
import {
  type AccessKey,
  type AccessKeySource,
  checkAccessKey,
  credentialsError,
  describeFailure,
  HEADER_SAFE,
  type Send,
  statusOf,
} from './common.js';
import { type Expiring, RefreshingValue } from './refreshing-value.js';

export const METADATA_SOURCE = 'ECS metadata (temporary credentials)';
const REFRESH_MARGIN_MS = 40 * 60_000;
const RETRY_DELAY_MS = 30_000;
/** The Go SDK's client timeout: off ECS nothing answers at 169.254.169.254, and waiting longer helps no one. */
const CALL_TIMEOUT_MS = 3_000;
const SESSION_TOKEN_TTL_SECONDS = '21600';
const NO_AGENCY = 'Cloud Service Agency';
/** Statuses that mean "no session tokens here" (API notes §6.4). */
const SESSION_TOKEN_UNSUPPORTED = new Set([404, 405, 503]);

const text = z.string().trim().min(1);
const credentialFields = z.object({
  access: text.optional(),
  accessKeyId: text.optional(),
  secret: text.optional(),
  secretAccessKey: text.optional(),
  securitytoken: text.optional(),
  securityToken: text.optional(),
  expires_at: text.optional(),
});
const securityKeyBody = z.object({
  credential: credentialFields.optional(),
  credentials: credentialFields.optional(),
});

/** The keys and expiry from a securitykey answer; errors name the missing field, never a value. */
export function parseSecurityKey(body: unknown): Expiring<AccessKey> {
  const parsed = securityKeyBody.safeParse(body);
  const fields = parsed.success ? (parsed.data.credential ?? parsed.data.credentials) : undefined;
  if (fields === undefined) {
    throw credentialsError(
      'ECS metadata answered without a usable "credential" object',
      undefined,
      'metadata',
    );
  }
  const access = fields.access ?? fields.accessKeyId;
  const secret = fields.secret ?? fields.secretAccessKey;
  const token = fields.securitytoken ?? fields.securityToken;
  const missing = [
    access === undefined ? 'access' : undefined,
    secret === undefined ? 'secret' : undefined,
    token === undefined ? 'securitytoken' : undefined,
    fields.expires_at === undefined ? 'expires_at' : undefined,
  ].filter((name) => name !== undefined);
  if (
    access === undefined ||
    secret === undefined ||
    token === undefined ||
    fields.expires_at === undefined
  ) {
    throw credentialsError(`ECS metadata credential lacks ${missing.join(', ')}`, undefined, 'metadata');
  }
  const expiresAt = Date.parse(fields.expires_at);
  if (Number.isNaN(expiresAt)) {
    throw credentialsError(
      'ECS metadata credential has an expires_at that is not a timestamp',
      undefined,
      'metadata',
    );
  }
  const key = { ak: new Secret(access), sk: new Secret(secret), securityToken: new Secret(token) };
  return { value: checkAccessKey(key, METADATA_SOURCE), expiresAt };
}

export class MetadataKeySource implements AccessKeySource {
  /** The keys rotate; the agency they belong to — this host's — does not. */
  readonly identity = 'metadata agency';
  readonly #send: Send;
  readonly #keys: RefreshingValue<AccessKey>;

  constructor(send: Send, now: () => number) {
    this.#send = send;
    this.#keys = new RefreshingValue(() => this.#fetch(), now, {
      what: 'ECS metadata credentials',
      refreshMarginMs: REFRESH_MARGIN_MS,
      retryDelayMs: RETRY_DELAY_MS,
    });
  }

  current(signal?: AbortSignal): Promise<AccessKey> {
    return this.#keys.get(signal);
  }

  invalidate(): void {
    this.#keys.invalidate();
  }

  async #fetch(): Promise<Expiring<AccessKey>> {
    try {
      return parseSecurityKey(await this.#getSecurityKey(await this.#sessionToken()));
    } catch (e) {
      if (statusOf(e) !== 401 || mentionsAgency(e)) throw explain(e);
      // Another 401 means the session token went stale: one retry with a fresh one (Go/Python SDKs do the same).
      try {
        return parseSecurityKey(await this.#getSecurityKey(await this.#sessionToken()));
      } catch (again) {
        throw explain(again);
      }
    }
  }

  /**
   * IMDSv2-style session token, a plain-text body. Where the service offers none (404/405/503) the keys are
   * asked for without one; any other failure is an error, as the Go SDK has it.
   */
  async #sessionToken(): Promise<Secret | undefined> {
    let token: string;
    try {
      const res = await this.#send({
        service: 'metadata',
        operation: 'GetMetadataSessionToken',
        method: 'PUT',
        path: ['meta-data', 'latest', 'api', 'token'],
        headers: { 'X-Metadata-Token-Ttl-Seconds': SESSION_TOKEN_TTL_SECONDS },
        auth: 'none',
        expect: 'text',
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
      token = res.text.trim();
    } catch (e) {
      if (SESSION_TOKEN_UNSUPPORTED.has(statusOf(e) ?? 0)) return undefined;
      throw explain(e);
    }
    if (token === '') return undefined;
    if (!HEADER_SAFE.test(token)) {
      throw credentialsError(
        'ECS metadata issued a session token that cannot be sent back as a header',
        undefined,
        'metadata',
      );
    }
    return new Secret(token);
  }

  async #getSecurityKey(sessionToken: Secret | undefined): Promise<unknown> {
    const res = await this.#send({
      service: 'metadata',
      operation: 'GetSecurityKey',
      method: 'GET',
      path: ['openstack', 'latest', 'securitykey'],
      headers: sessionToken === undefined ? {} : { 'X-Metadata-Token': sessionToken.reveal() },
      auth: 'none',
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    return res.json;
  }
}

function mentionsAgency(e: unknown): boolean {
  return isHuaweiCloudError(e) && (e.message.includes(NO_AGENCY) || (e.errorMsg ?? '').includes(NO_AGENCY));
}

/** Turns a failed metadata call into a CREDENTIALS error that says what to do about it. */
function explain(e: unknown): Error {
  if (isHuaweiCloudError(e) && e.code === 'CREDENTIALS') return e;
  if (statusOf(e) === 401) {
    const why = mentionsAgency(e)
      ? 'no agency is attached to this server ("Please configure Cloud Service Agency first")'
      : 'the metadata service refused the request (HTTP 401)';
    return credentialsError(
      `ECS metadata: ${why}; attach an agency with read access to SWR, HSS and APIG to the ECS server or CCE node`,
      e,
      'metadata',
    );
  }
  return credentialsError(
    `ECS metadata service did not provide temporary credentials (${describeFailure(e)}); not running on ECS/CCE?`,
    e,
    'metadata',
  );
}
