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

  /** IMDSv2-style session token; undefined where the service does not offer one (404/405/503). */
  async #sessionToken(): Promise<Secret | undefined> {
    try {
      const res = await this.#send({
        service: 'metadata',
        operation: 'GetMetadataSessionToken',
        method: 'PUT',
        path: ['meta-data', 'latest', 'api', 'token'],
        headers: { 'X-Metadata-Token-Ttl-Seconds': SESSION_TOKEN_TTL_SECONDS },
        auth: 'none',
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
      // The token is a plain-text body. ApiResponse only carries parsed JSON, so only a JSON-string body is
      // readable here; otherwise the securitykey call goes without a token, which ECS accepts unless
      // session tokens are enforced on the server.
      return typeof res.json === 'string' && res.json.trim() !== '' ? new Secret(res.json.trim()) : undefined;
    } catch (e) {
      const status = statusOf(e);
      if (status !== undefined || (isHuaweiCloudError(e) && e.code === 'INVALID_RESPONSE')) return undefined;
      throw explain(e);
    }
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
