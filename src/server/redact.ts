// Last line of defence for texts shown to people (landing page, HTTP error bodies): known secret values are
// masked wherever they appear, and so is signature material that has a recognisable shape.

import type { Secret } from '../huaweicloud/secret.js';

const MASK = '<secret>';
/** Shorter values would mask ordinary words; real AKs, SKs and tokens are far longer. */
const MIN_SECRET_LENGTH = 6;

const SHAPED_SECRETS: ReadonlyArray<[RegExp, string]> = [
  [/(Signature=)[0-9a-fA-F]{16,}/g, `$1${MASK}`],
  [/(Access=)[^\s,]+/g, `$1${MASK}`],
  [/((?:X-Auth-Token|X-Security-Token|X-Subject-Token)\s*[:=]\s*)\S+/gi, `$1${MASK}`],
  [/(Basic\s+)[A-Za-z0-9+/=]{8,}/g, `$1${MASK}`],
];

export function collectSecretValues(secrets: ReadonlyArray<Secret | string | undefined>): string[] {
  const values = secrets
    .map((s) => (s === undefined ? undefined : typeof s === 'string' ? s : s.reveal()))
    .filter((v): v is string => v !== undefined && v.length >= MIN_SECRET_LENGTH);
  // Longest first, so a secret containing another is masked whole.
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

export function redactText(text: string, secretValues: readonly string[]): string {
  let out = text;
  for (const value of secretValues) out = out.split(value).join(MASK);
  for (const [pattern, replacement] of SHAPED_SECRETS) out = out.replace(pattern, replacement);
  return out;
}
