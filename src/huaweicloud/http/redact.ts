// Upstream text can echo what we sent: APIGW answers "Get secretKey failed,ak:<AK>,err:ak not exist", and a
// proxy may reflect a header. Anything that goes into an error message is scrubbed of the credential values
// this request carried, so a message is safe to log whatever the server said.

const REDACTED = '<secret>';

/** Request headers that carry credentials outright. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'x-auth-token',
  'x-security-token',
  'x-subject-token',
  'proxy-authorization',
  'cookie',
]);

/** Shorter fragments are not worth scrubbing and would mangle ordinary words. */
const MIN_SECRET_CHARS = 6;

/** Credential values found in the headers that were sent, including the AK inside an SDK Authorization. */
export function credentialValues(headers: Readonly<Record<string, string>>): string[] {
  const found = new Set<string>();
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
  return [...found].filter((v) => v.length >= MIN_SECRET_CHARS).sort((a, b) => b.length - a.length);
}

export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (out.includes(s)) out = out.split(s).join(REDACTED);
  }
  return out;
}
