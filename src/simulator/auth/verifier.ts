// Verifies an SDK-HMAC-SHA256 Authorization header against the request as the gateway received it (docs §2.1,
// §2.6). Pure: the caller supplies the key lookup and the clock, so tests can replay the shared vectors at their
// own dates.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalQuery, canonicalUri, EMPTY_BODY_SHA256, sha256Hex } from './canonical.js';

export const AUTH_MESSAGE_PREFIX = 'Incorrect IAM authentication information';
const ALGORITHM = 'SDK-HMAC-SHA256';
const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;
const AUTHORIZATION_PATTERN =
  /^SDK-HMAC-SHA256\s+Access=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-fA-F]+)\s*$/;
const SDK_DATE_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
// Values of these headers are credentials: never echoed back in the canonical request of an error message.
const SECRET_HEADER_PATTERN = /token|secret|authorization|password/i;

export interface ReceivedRequest {
  method: string;
  /** Path and query exactly as on the request line. */
  url: string;
  /** Header names lower-cased (as node:http gives them). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

export interface SigningKey {
  sk: string;
  /** Set for temporary credentials: the request must carry the same X-Security-Token. */
  securityToken?: string | undefined;
  expiresAtMs?: number | undefined;
}

export type VerifyFailureKind =
  | 'malformed'
  | 'unknown_ak'
  | 'date'
  | 'signed_headers'
  | 'security_token'
  | 'expired'
  | 'signature';

export type VerifyResult =
  | { ok: true; ak: string }
  | { ok: false; ak: string | undefined; kind: VerifyFailureKind; message: string };

export interface VerifyOptions {
  lookup(ak: string): SigningKey | undefined;
  nowMs: number;
  maxSkewMs?: number;
}

export function headerValue(headers: ReceivedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

export function parseSdkDate(text: string): number | undefined {
  const m = SDK_DATE_PATTERN.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Reject dates that Date.UTC silently rolls over (20240231T…).
  if (
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  return ms;
}

export interface CanonicalParts {
  canonicalRequest: string;
  /** The same text with credential header values replaced, safe to put in an error message. */
  redacted: string;
}

export function buildCanonicalRequest(
  req: ReceivedRequest,
  signedHeaders: readonly string[],
): CanonicalParts | string {
  const queryStart = req.url.indexOf('?');
  const rawPath = queryStart < 0 ? req.url : req.url.slice(0, queryStart);
  const rawQuery = queryStart < 0 ? '' : req.url.slice(queryStart + 1);
  const lines: string[] = [];
  const redactedLines: string[] = [];
  for (const name of signedHeaders) {
    const value = headerValue(req.headers, name);
    if (value === undefined) return `signed header '${name}' is not present in the request`;
    lines.push(`${name}:${value.trim()}\n`);
    redactedLines.push(`${name}:${SECRET_HEADER_PATTERN.test(name) ? '<secret>' : value.trim()}\n`);
  }
  const contentSha = signedHeaders.includes('x-sdk-content-sha256')
    ? headerValue(req.headers, 'x-sdk-content-sha256')
    : undefined;
  const payloadHash = contentSha ?? (req.body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(req.body));
  const head = [req.method.toUpperCase(), canonicalUri(rawPath), canonicalQuery(rawQuery)];
  const tail = [signedHeaders.join(';'), payloadHash];
  return {
    canonicalRequest: [...head, lines.join(''), ...tail].join('\n'),
    redacted: [...head, redactedLines.join(''), ...tail].join('\n'),
  };
}

function fail(ak: string | undefined, kind: VerifyFailureKind, detail: string): VerifyResult {
  return { ok: false, ak, kind, message: `${AUTH_MESSAGE_PREFIX}: ${detail}` };
}

export function verifySignature(req: ReceivedRequest, opts: VerifyOptions): VerifyResult {
  const authorization = headerValue(req.headers, 'authorization');
  const match = authorization === undefined ? null : AUTHORIZATION_PATTERN.exec(authorization.trim());
  if (!match) {
    return fail(
      undefined,
      'malformed',
      `verify aksk signature fail, Authorization must be '${ALGORITHM} Access=…, SignedHeaders=…, Signature=…'`,
    );
  }
  const [, ak, signedHeaderList, signature] = match as unknown as [string, string, string, string];
  const key = opts.lookup(ak);
  // The AK itself counts as a credential here, so the message does not repeat it (the real gateway does).
  if (!key) return fail(ak, 'unknown_ak', 'Get secretKey failed, err:ak not exist');
  if (key.expiresAtMs !== undefined && opts.nowMs >= key.expiresAtMs) {
    return fail(ak, 'expired', 'verify aksk signature fail, the temporary AK/SK has expired');
  }
  if (key.securityToken !== undefined) {
    const token = headerValue(req.headers, 'x-security-token');
    if (token === undefined) {
      return fail(
        ak,
        'security_token',
        'verify aksk signature fail, X-Security-Token is required for a temporary AK',
      );
    }
    if (!safeEqual(token.trim(), key.securityToken)) {
      return fail(
        ak,
        'security_token',
        'verify aksk signature fail, X-Security-Token does not belong to this AK',
      );
    }
  }
  const signedHeaders = signedHeaderList.split(';').map((name) => name.toLowerCase());
  if (!signedHeaders.includes('x-sdk-date')) {
    return fail(ak, 'signed_headers', 'verify aksk signature fail, SignedHeaders must include x-sdk-date');
  }
  const sdkDate = headerValue(req.headers, 'x-sdk-date')?.trim() ?? '';
  const dateMs = parseSdkDate(sdkDate);
  if (dateMs === undefined) {
    return fail(ak, 'date', 'verify aksk signature fail, X-Sdk-Date must look like 20060102T150405Z');
  }
  const maxSkew = opts.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  if (Math.abs(opts.nowMs - dateMs) > maxSkew) {
    return fail(
      ak,
      'date',
      `verify aksk signature fail, X-Sdk-Date ${sdkDate} is more than ${Math.round(maxSkew / 60000)} minutes ` +
        `from the server time ${new Date(opts.nowMs).toISOString()}`,
    );
  }
  const canonical = buildCanonicalRequest(req, signedHeaders);
  if (typeof canonical === 'string')
    return fail(ak, 'signed_headers', `verify aksk signature fail, ${canonical}`);
  const stringToSign = `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical.canonicalRequest)}`;
  const expected = createHmac('sha256', key.sk).update(stringToSign).digest('hex');
  if (!safeEqual(signature.toLowerCase(), expected)) {
    // Like the gateway's app-auth errors: echo the canonical request with '\n' shown as '|' to help debugging.
    return fail(
      ak,
      'signature',
      `verify aksk signature fail, canonicalRequest:${canonical.redacted.replaceAll('\n', '|')}`,
    );
  }
  return { ok: true, ak };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
