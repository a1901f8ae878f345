// A stable, non-reversible name for an access key: maps that are keyed by AK (the signature gate, call
// budgets) must not become one more place that holds key material.

import { createHash } from 'node:crypto';

export function accessKeyId(accessKey: string): string {
  return createHash('sha256').update(accessKey).digest('base64url');
}
