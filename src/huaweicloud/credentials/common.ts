// Small pieces every credential source shares: the error they throw, the key shape they yield, the checks on
// keys and the description of a failed call.

import { inspect } from 'node:util';
import { HuaweiCloudError } from '../errors.js';
import type { ServiceName } from '../observer.js';
import type { Secret } from '../secret.js';
import type { ApiRequest, ApiResponse } from '../transport-types.js';

/** Performs an unauthenticated request (metadata, IAM token issue); the transport supplies it. */
export type Send = (req: ApiRequest) => Promise<ApiResponse>;

export interface AuthenticatorRequest {
  method: string;
  url: URL;
  headers: Readonly<Record<string, string>>;
  body: string;
}

export interface Authenticator {
  /** Complete headers to send for this request (signed with AK/SK, or X-Auth-Token). */
  apply(req: AuthenticatorRequest, signal?: AbortSignal): Promise<Record<string, string>>;
  /** Where the credentials came from, e.g. "environment (HUAWEICLOUD_SDK_AK)" — never a value. */
  readonly source: string;
  /** Project id the credentials carried (env/file), if any. */
  readonly projectId: string | undefined;
  /**
   * Whom the cloud counts calls against, for call budgets: a hash of a fixed AK, the IAM user, or the host's
   * agency for metadata keys (they rotate, the agency stays). Never a secret. Absent: the source names it.
   */
  readonly identity?: string | undefined;
  /** Called by the transport after a 401 so cached tokens/temporary keys are dropped (no retry loop). */
  invalidate(): void;
  /**
   * Credentials that obtain these ones (an agency's temporary keys are asked for with the exporter's own):
   * requests sent with `auth: 'assumer'` are authenticated with them instead.
   */
  readonly assumer?: Authenticator | undefined;
  /** The client is closing: let go of what it shares with others (an agency's keys, agency-keys.ts). */
  release?(): void;
}

/** An AK/SK pair, with the security token that temporary keys (metadata, STS) must send along. */
export interface AccessKey {
  ak: Secret;
  sk: Secret;
  securityToken: Secret | undefined;
}

/** Where the signing keys come from: fixed, or fetched and refreshed (ECS metadata). */
export interface AccessKeySource {
  current(signal?: AbortSignal): Promise<AccessKey>;
  /** Whom these keys belong to (see Authenticator.identity). */
  readonly identity?: string | undefined;
  /** Forget fetched keys so the next request fetches again. */
  invalidate(): void;
}

/** Messages name what is missing or wrong and where it was looked for; they never carry a value. */
export function credentialsError(message: string, cause?: unknown, service?: ServiceName): HuaweiCloudError {
  return new HuaweiCloudError({ code: 'CREDENTIALS', message, cause, service });
}

/** AKs are printable ASCII without spaces or commas: they sit inside the comma-separated Authorization value. */
const ACCESS_KEY_ID = /^[\x21-\x2b\x2d-\x7e]{1,256}$/;
const NO_LINE_BREAK = /^[^\r\n\0]+$/;
/** A token we were handed goes back out as a header value: printable ASCII only. */
export const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** Checks a key before it is used, so a pasted newline or empty value fails at start-up, naming its source. */
export function checkAccessKey(key: AccessKey, source: string): AccessKey {
  if (!ACCESS_KEY_ID.test(key.ak.reveal())) {
    throw credentialsError(
      `the access key from ${source} is empty or contains spaces, commas or control characters`,
    );
  }
  if (!NO_LINE_BREAK.test(key.sk.reveal())) {
    throw credentialsError(`the secret key from ${source} is empty or contains a line break`);
  }
  const token = key.securityToken?.reveal();
  if (token !== undefined && !NO_LINE_BREAK.test(token)) {
    throw credentialsError(`the security token from ${source} is empty or contains a line break`);
  }
  return key;
}

/** Status of a HuaweiCloudError from `send`, if it was an HTTP answer. */
export function statusOf(e: unknown): number | undefined {
  return e instanceof HuaweiCloudError ? e.status : undefined;
}

/** A copy of `headers` without the named ones (any case): credentials headers are ours to set. */
export function withoutHeaders(
  headers: Readonly<Record<string, string>>,
  names: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!names.includes(name.toLowerCase())) out[name] = value;
  }
  return out;
}

/** What a HuaweiCloudError from `send` may safely add to a message: its code, status and Huawei error code. */
export function describeFailure(e: unknown): string {
  if (!(e instanceof HuaweiCloudError)) return 'unexpected error';
  const status = e.status === undefined ? '' : ` HTTP ${e.status}`;
  const upstream = e.errorCode === undefined ? '' : ` ${e.errorCode}`;
  return `${e.code}${status}${upstream}`;
}

/**
 * Base for the authenticators: JSON and util.inspect show where the credentials came from and nothing else
 * (the keys live in private fields, and are Secrets besides).
 */
export abstract class DescribedCredentials {
  readonly source: string;
  readonly projectId: string | undefined;

  constructor(source: string, projectId: string | undefined) {
    this.source = source;
    this.projectId = projectId;
  }

  toJSON(): { source: string; projectId: string | undefined } {
    return { source: this.source, projectId: this.projectId };
  }

  [inspect.custom](): string {
    return `${this.constructor.name} { source: ${JSON.stringify(this.source)}, projectId: ${JSON.stringify(this.projectId)} }`;
  }
}
