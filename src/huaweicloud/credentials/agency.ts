// Assuming an IAM agency (docs/apis/iam-agency.md): the exporter's own credentials — any kind the chain
// yields — ask IAM for temporary AK/SK of the delegating account (POST /v3.0/OS-CREDENTIAL/securitytokens,
// methods ["assume_role"]); requests are then signed with those and carry X-Security-Token. The keys are
// renewed ahead of their expiry while the old ones still serve; an agency IAM refuses (deleted, changed, no
// longer trusting us) is a CREDENTIALS error naming account and agency, and is not asked for again for a while.

import { z } from 'zod';
import { HuaweiCloudError } from '../errors.js';
import { AGENCY_DURATION_SECONDS, type AgencyAssumption } from '../options.js';
import { Secret } from '../secret.js';
import { AccessKeyAuthenticator } from './access-key-authenticator.js';
import {
  type AccessKey,
  type AccessKeySource,
  type Authenticator,
  checkAccessKey,
  credentialsError,
  describeFailure,
  type Send,
  statusOf,
} from './common.js';
import { type Expiring, RefreshingValue } from './refreshing-value.js';

/** Renew 10 minutes before the end (RefreshingValue caps it at half the lifetime). */
const RENEW_MARGIN_MS = 10 * 60_000;
const RETRY_DELAY_MS = 30_000;
/** A refusal does not go away by asking again: once per 5 minutes, not once per scrape. */
const REFUSED_HOLD_MS = 5 * 60_000;
/** Any other failed issuance (IAM unreachable, the assumer's own credential rejected): short enough not to
 *  delay recovery, long enough that a scrape's many requests without keys ask IAM once, not each. */
const FAILED_HOLD_MS = 10_000;
/** IAM's answers about the agency itself. A 401 is about the assumer's own credential (see issueKeys). */
const REFUSED_STATUSES = new Set([400, 403, 404]);
const CALL_TIMEOUT_MS = 15_000;

const text = z.string().trim().min(1);
const securityTokenBody = z.object({
  credential: z.object({ access: text, secret: text, securitytoken: text, expires_at: text }),
});

/** "account example-a" / "account id 0a1b…": how messages name the delegating account (never a secret). */
function accountLabel(a: AgencyAssumption): string {
  return a.domainName !== undefined ? `account ${a.domainName}` : `account id ${a.domainId ?? '?'}`;
}

/** Checks the names before anything is sent; messages name the field. (durationSeconds is a number of
 *  ClientOptions: options-check.ts checks it.) Returns the duration to ask for. */
export function checkAssumption(a: AgencyAssumption): number {
  if (a.agencyName.trim() === '') throw credentialsError('assume.agencyName is empty');
  if ((a.domainName ?? '').trim() === '' && (a.domainId ?? '').trim() === '') {
    throw credentialsError('assume needs domainName or domainId: the delegating account');
  }
  return a.durationSeconds ?? AGENCY_DURATION_SECONDS.default;
}

/** The assumption as sent: names without surrounding blanks (a YAML slip IAM would not match), a blank
 *  domain field left out rather than sent as a second, empty name of the account. */
export function trimmedAssumption(a: AgencyAssumption): AgencyAssumption {
  const domainName = a.domainName?.trim() || undefined;
  const domainId = a.domainId?.trim() || undefined;
  return {
    agencyName: a.agencyName.trim(),
    ...(domainName === undefined ? {} : { domainName }),
    ...(domainId === undefined ? {} : { domainId }),
    ...(a.durationSeconds === undefined ? {} : { durationSeconds: a.durationSeconds }),
  };
}

/** The request body, with the field names of Huawei's current API reference and SDKs (agency_name). */
export function assumeRoleBody(a: AgencyAssumption, durationSeconds: number): string {
  return JSON.stringify({
    auth: {
      identity: {
        methods: ['assume_role'],
        assume_role: {
          agency_name: a.agencyName,
          ...(a.domainId === undefined ? {} : { domain_id: a.domainId }),
          ...(a.domainName === undefined ? {} : { domain_name: a.domainName }),
          duration_seconds: durationSeconds,
        },
      },
    },
  });
}

/** Temporary keys of the delegating account, asked for with the assumer's credentials. */
export class AgencyKeySource implements AccessKeySource {
  readonly identity: string;
  readonly #keys: RefreshingValue<AccessKey>;

  constructor(given: AgencyAssumption, assumerSource: string, send: Send, now: () => number) {
    const a = trimmedAssumption(given);
    const durationSeconds = checkAssumption(a);
    this.identity = `agency:${JSON.stringify([a.domainId ?? a.domainName, a.agencyName])}`;
    const what = `agency ${a.agencyName} of ${accountLabel(a)}`;
    const fetch = () => issueKeys(a, durationSeconds, { what, assumerSource }, send);
    this.#keys = new RefreshingValue(fetch, now, {
      what: `the temporary keys of ${what}`,
      refreshMarginMs: RENEW_MARGIN_MS,
      retryDelayMs: RETRY_DELAY_MS,
      holdFailureMs: (e) => (isRefusal(e) ? REFUSED_HOLD_MS : FAILED_HOLD_MS),
    });
  }

  current(signal?: AbortSignal): Promise<AccessKey> {
    return this.#keys.get(signal);
  }

  invalidate(): void {
    this.#keys.invalidate();
  }
}

/**
 * Signs with the agency's keys; its `assumer` authenticates the requests that fetch them. `shared`: keys from
 * the process-wide AgencyKeys (agency-keys.ts) instead of this client's own, let go of on release().
 */
export class AgencyAuthenticator extends AccessKeyAuthenticator {
  readonly assumer: Authenticator;
  readonly #release: () => void;

  constructor(
    assumer: Authenticator,
    given: AgencyAssumption,
    send: Send,
    now: () => number,
    shared?: { keys: AccessKeySource; release(): void },
  ) {
    const a = trimmedAssumption(given);
    const source = `agency ${a.agencyName} of ${accountLabel(a)}, assumed with ${assumer.source}`;
    super(shared?.keys ?? new AgencyKeySource(a, assumer.source, send, now), source, undefined, now);
    this.assumer = assumer;
    this.#release = shared?.release ?? (() => {});
  }

  release(): void {
    this.#release();
  }
}

function isRefusal(e: unknown): boolean {
  const status = e instanceof HuaweiCloudError && e.cause !== undefined ? statusOf(e.cause) : undefined;
  return status !== undefined && REFUSED_STATUSES.has(status);
}

async function issueKeys(
  a: AgencyAssumption,
  durationSeconds: number,
  names: { what: string; assumerSource: string },
  send: Send,
): Promise<Expiring<AccessKey>> {
  let res: Awaited<ReturnType<Send>>;
  try {
    res = await send({
      service: 'iam',
      operation: 'CreateTemporaryAccessKeyByAgency',
      method: 'POST',
      path: ['v3.0', 'OS-CREDENTIAL', 'securitytokens'],
      headers: { 'Content-Type': 'application/json;charset=utf8' },
      body: assumeRoleBody(a, durationSeconds),
      auth: 'assumer',
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
  } catch (e) {
    if (e instanceof HuaweiCloudError && e.code === 'CREDENTIALS') throw e; // the assumer's own, already clear
    const status = statusOf(e);
    // Held briefly only: the transport drops the assumer's credential on a 401, and the next call may renew
    // it (an expired token, a rotated key); the assumer's own kinds guard against lock-outs themselves.
    if (status === 401) {
      throw credentialsError(
        `the exporter's own credential (${names.assumerSource}) was rejected by IAM when assuming ` +
          `${names.what} (${describeFailure(e)})`,
        e,
        'iam',
      );
    }
    const why =
      status !== undefined && REFUSED_STATUSES.has(status)
        ? `IAM refused to let ${names.assumerSource} assume ${names.what} (${describeFailure(e)}): the agency ` +
          'was deleted or changed, no longer trusts this account, or this account may not assume it; ' +
          'not asking again for 5 minutes'
        : `could not assume ${names.what} (${describeFailure(e)})`;
    throw credentialsError(why, e, 'iam');
  }
  const parsed = securityTokenBody.safeParse(res.json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].join(', ');
    throw credentialsError(`IAM's answer for ${names.what} lacks a usable ${fields}`, undefined, 'iam');
  }
  const { access, secret, securitytoken, expires_at } = parsed.data.credential;
  const expiresAt = Date.parse(expires_at);
  if (Number.isNaN(expiresAt)) {
    throw credentialsError(`IAM's answer for ${names.what} has an expires_at that is not a timestamp`);
  }
  const key = { ak: new Secret(access), sk: new Secret(secret), securityToken: new Secret(securitytoken) };
  return { value: checkAccessKey(key, names.what), expiresAt };
}
