// Upstream text can echo what we sent: APIGW answers "Get secretKey failed,ak:<AK>,err:ak not exist", and a
// proxy may reflect a header or the request body. Anything that goes into an error message is scrubbed of the
// credential values this exchange carried — request credential headers (AK inside Authorization, tokens, the
// ECS metadata session token), the IAM password inside a token-request body, and credentials the response
// handed out (X-Subject-Token) — so a message is safe to log whatever the server said.

import { maskableValues, maskValues } from '../secret.js';

/** Header names whose values are credentials outright, in either direction. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'x-auth-token',
  'x-security-token',
  'x-subject-token',
  'x-metadata-token',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

/** JSON keys of a request body whose string values are credentials (IAM token request: auth…password). */
const CREDENTIAL_BODY_KEYS = new Set(['password']);

function headerSecrets(headers: Readonly<Record<string, string>>, found: Set<string>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!CREDENTIAL_HEADERS.has(name.toLowerCase())) continue;
    found.add(value.trim());
    // "SDK-HMAC-SHA256 Access=AK, SignedHeaders=…, Signature=…": the parts may be echoed one by one.
    for (const m of value.matchAll(/(?:Access|Credential|Signature)=([^,\s/]+)/g)) {
      if (m[1] !== undefined) found.add(m[1]);
    }
    const scheme = /^\S+\s+(\S+)$/.exec(value.trim());
    if (scheme?.[1] !== undefined) found.add(scheme[1]);
  }
}

function bodySecrets(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) bodySecrets(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (typeof inner === 'string' && CREDENTIAL_BODY_KEYS.has(key.toLowerCase())) {
        found.add(inner);
        // An echo of the raw body carries the JSON-escaped form (a password with '"' or '\\' in it).
        found.add(JSON.stringify(inner).slice(1, -1));
      } else {
        bodySecrets(inner, found);
      }
    }
  }
}

function parsedBody(body: string | undefined): unknown {
  if (body === undefined || !body.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Credential values in the headers of a request or response and, for a request, in its JSON body; the
 * longest first, so a value that contains another is scrubbed whole.
 */
export function credentialValues(headers: Readonly<Record<string, string>>, body?: string): string[] {
  const found = new Set<string>();
  headerSecrets(headers, found);
  bodySecrets(parsedBody(body), found);
  return maskableValues(found);
}

/** Both lists as one, longest first. */
export function mergeSecrets(a: readonly string[], b: readonly string[]): string[] {
  return maskableValues([...a, ...b]);
}

export function scrub(text: string, secrets: readonly string[]): string {
  return maskValues(text, secrets);
}
