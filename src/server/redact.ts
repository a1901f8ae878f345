// Last line of defence for texts shown to people (landing page, HTTP error bodies): known secret values are
// masked wherever they appear, and so is signature material that has a recognisable shape.

import { SECRET_MASK as MASK, maskableValues, maskValues, type Secret } from '../huaweicloud/secret.js';

const SHAPED_SECRETS: ReadonlyArray<[RegExp, string]> = [
  [/(Signature=)[0-9a-fA-F]{16,}/g, `$1${MASK}`],
  [/(Access=)[^\s,]+/g, `$1${MASK}`],
  [/((?:X-Auth-Token|X-Security-Token|X-Subject-Token)\s*[:=]\s*)\S+/gi, `$1${MASK}`],
  [/(Basic\s+)[A-Za-z0-9+/=]{8,}/g, `$1${MASK}`],
];

export function collectSecretValues(secrets: ReadonlyArray<Secret | string | undefined>): string[] {
  const values = secrets.flatMap((s) => (s === undefined ? [] : [typeof s === 'string' ? s : s.reveal()]));
  return maskableValues(values);
}

export function redactText(text: string, secretValues: readonly string[]): string {
  let out = maskValues(text, secretValues);
  for (const [pattern, replacement] of SHAPED_SECRETS) out = out.replace(pattern, replacement);
  return out;
}
