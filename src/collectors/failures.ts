// How collector failures are classified and described. Descriptions end up in logs, the landing page and
// status(): they carry codes, operations and upstream messages, and are scrubbed of anything credential-like
// as a second line of defence (the client already keeps secrets out of its errors).

import { isHuaweiCloudError } from '../huaweicloud/errors.js';
import { SECRET_MASK } from '../huaweicloud/secret.js';
import { DeadlineExceededError, RefreshDeadlineExceededError } from './deadline.js';

const MAX_DESCRIPTION = 500;

/** The upstream says the resource is gone: its series vanish, the collector does not fail. */
export function isNotFound(error: unknown): boolean {
  return isHuaweiCloudError(error) && error.code === 'NOT_FOUND';
}

/** A configured instance (config list or /probe target) the cloud does not know: the collector fails on it. */
export class ConfiguredInstanceNotFoundError extends Error {
  override readonly name = 'ConfiguredInstanceNotFoundError';

  constructor(what: string, cause: unknown) {
    super(
      `${what} is configured (or the probe target) but the cloud does not know it: ${describeError(cause)}`,
      {
        cause,
      },
    );
  }
}

/**
 * After a NOT_FOUND on an instance: returns (skip it) when it was discovered and is gone since, throws
 * ConfiguredInstanceNotFoundError when it was configured, so a typo in a static list is not a silent success.
 */
export function skipUnlessConfigured(error: unknown, lookup: { configured: boolean }, what: string): void {
  if (!isNotFound(error)) throw error;
  if (lookup.configured) throw new ConfiguredInstanceNotFoundError(what, error);
}

const CREDENTIAL_LIKE =
  /("?\b(?:sign_key|sign_secret|access_key|access_secret|secret|password|token|security_token|ak|sk)\b"?\s*[:=]\s*)("[^"]*"|[^\s,;&}]+)/gi;

export function scrubCredentials(text: string): string {
  return text.replace(CREDENTIAL_LIKE, `$1${SECRET_MASK}`);
}

function raw(error: unknown): string {
  if (error instanceof DeadlineExceededError || error instanceof RefreshDeadlineExceededError) {
    return error.message;
  }
  if (isHuaweiCloudError(error)) {
    const where = [error.service, error.operation].filter((p) => p !== undefined).join('/');
    const parts = [`${error.code}${where ? ` in ${where}` : ''}: ${error.message}`];
    // The transport's messages already name status, error code and request id; repeat only what is missing,
    // so a long upstream message does not fill the description twice.
    const missing = (text: string) => !error.message.includes(text);
    if (error.status !== undefined && missing(`HTTP ${error.status}`)) parts.push(`HTTP ${error.status}`);
    if (error.errorCode !== undefined && missing(error.errorCode)) {
      parts.push(`error_code ${error.errorCode}${error.errorMsg ? ` (${error.errorMsg})` : ''}`);
    }
    if (error.requestId !== undefined && missing(error.requestId))
      parts.push(`request id ${error.requestId}`);
    return parts.join('; ');
  }
  if (error instanceof Error) {
    if (error.name === 'AbortError') return 'aborted';
    return `${error.name}: ${error.message}`;
  }
  return 'unknown failure';
}

/** One line that says what went wrong, safe to log and show. */
export function describeError(error: unknown): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
  const text = scrubCredentials(raw(error)).replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}
