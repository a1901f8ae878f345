// The URL a request is sent to. Built by the signer's buildWireUrl so the wire path and query are exactly the
// ones that get signed; this file only checks the result is something undici can send.

import { buildWireUrl } from '../signer.js';

export class BadEndpoint extends Error {
  override readonly name = 'BadEndpoint';
}

export function wireUrl(
  base: string,
  segments: readonly string[],
  query: ReadonlyArray<readonly [string, string]> | undefined,
): URL {
  let url: URL;
  try {
    const built: unknown = buildWireUrl(base, segments, query ?? []);
    url = built instanceof URL ? built : new URL(String(built));
  } catch {
    // Neither the base nor the parser's error (which quotes it) is kept: a malformed URL may hold user info.
    throw new BadEndpoint('endpoint is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new BadEndpoint(`endpoint scheme ${url.protocol} is not http(s)`);
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in an endpoint URL would be sent and could end up in messages; refuse them.
    throw new BadEndpoint('endpoint URL must not contain user info');
  }
  return url;
}
