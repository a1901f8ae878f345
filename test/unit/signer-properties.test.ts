// Property: whatever the path segments and query pairs, a server that sees only the wire URL and the headers,
// and canonicalises them on its own (the reference below shares no code with src/), arrives at exactly the
// canonical request that was signed, and the signature verifies. Also: WHATWG URL parsing (what undici does
// before sending) leaves the wire URL as built.

import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { buildWireUrl, canonicalQueryString, sign } from '../../src/huaweicloud/signer.js';

// --- the independent server ------------------------------------------------------------------------------

const strictEncode = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Code point order = UTF-8 byte order, what the Go and Python SDKs (and so the gateway's clients) sort by. */
const byCodePoint = (a: string, b: string): number =>
  Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** Splits the raw URL text, never through URL: the path and query exactly as the bytes on the wire. */
function rawPathAndQuery(wire: string): { path: string; query: string } {
  const afterAuthority = wire.indexOf('/', wire.indexOf('//') + 2);
  const rest = afterAuthority < 0 ? '/' : wire.slice(afterAuthority);
  const q = rest.indexOf('?');
  return q < 0 ? { path: rest, query: '' } : { path: rest.slice(0, q), query: rest.slice(q + 1) };
}

function serverCanonicalUri(rawPath: string): string {
  const uri = rawPath
    .split('/')
    .map((s) => strictEncode(decodeURIComponent(s)))
    .join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

function serverCanonicalQuery(rawQuery: string): string {
  const pairs = rawQuery
    .split('&')
    .filter((p) => p !== '')
    .map((p): [string, string] => {
      const eq = p.indexOf('=');
      const key = eq < 0 ? p : p.slice(0, eq);
      const value = eq < 0 ? '' : p.slice(eq + 1);
      return [decodeURIComponent(key), decodeURIComponent(value)];
    });
  pairs.sort((a, b) => byCodePoint(a[0], b[0]) || byCodePoint(a[1], b[1]));
  return pairs.map(([k, v]) => `${strictEncode(k)}=${strictEncode(v)}`).join('&');
}

/** What the gateway rebuilds from a received request: the signed header list comes from Authorization. */
function serverCanonicalRequest(method: string, wire: string, headers: Record<string, string>, body: string) {
  const auth = headers.Authorization ?? '';
  const signedList = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
  const received = new Map(Object.entries(headers).map(([n, v]) => [n.toLowerCase(), v.trim()]));
  const { path, query } = rawPathAndQuery(wire);
  const canonicalHeaders = signedList.map((n) => `${n}:${received.get(n) ?? ''}\n`).join('');
  const bodyHash = received.get('x-sdk-content-sha256') ?? createHash('sha256').update(body).digest('hex');
  const canonicalRequest = [
    method,
    serverCanonicalUri(path),
    serverCanonicalQuery(query),
    canonicalHeaders,
    signedList.join(';'),
    bodyHash,
  ].join('\n');
  return { canonicalRequest, signature: /Signature=([0-9a-f]+)/.exec(auth)?.[1] };
}

function serverVerifies(sk: string, date: string, canonicalRequest: string, signature: string | undefined) {
  const hash = createHash('sha256').update(canonicalRequest).digest('hex');
  const expected = createHmac('sha256', sk).update(`SDK-HMAC-SHA256\n${date}\n${hash}`).digest('hex');
  return signature === expected;
}

// --- generators -------------------------------------------------------------------------------------------

/** Characters that break naive encoders: reserved, '%', space, '+', CJK, astral, combining, controls. */
const tricky = fc.constantFrom(
  ...' %/?#&=+;:,@!$\'()*[]|^`{}<>"\\~._-'.split(''),
  '中',
  '签',
  '\u00e9',
  'e\u0301',
  '\u{1F600}',
  '\u{20000}',
  '\uFF01',
  '\uE000',
  '\t',
  '\u0000',
  '%2F',
  '%25',
  '%',
);
const anyChar = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), tricky);
const text = (minLength: number) => fc.string({ unit: anyChar, minLength, maxLength: 12 });
const segment = text(1).filter((s) => s !== '.' && s !== '..');
const queryPairs = fc.array(fc.tuple(fc.oneof(text(0), fc.constantFrom('tag', 'Tag', 'a')), text(0)), {
  maxLength: 6,
});
/** Repeated keys on purpose: duplicate some pairs' keys with new values. */
const queryWithRepeats = fc
  .tuple(queryPairs, fc.array(text(0), { maxLength: 3 }))
  .map(([pairs, extra]): Array<[string, string]> => {
    const firstKey = pairs[0]?.[0];
    return firstKey === undefined ? pairs : [...pairs, ...extra.map((v): [string, string] => [firstKey, v])];
  });
const base = fc.constantFrom(
  'https://swr-api.cn-north-4.myhuaweicloud.com',
  'http://127.0.0.1:8443',
  'https://host.example:443',
  'http://[::1]:9000/gateway/v1/',
);
const headerValue = fc.string({ unit: 'grapheme-ascii', maxLength: 20 }).map((v) => ` ${v}  `);

const RUNS = 3000;

describe('signer properties', () => {
  it('an independent server canonicalises the wire request to exactly what was signed', () => {
    fc.assert(
      fc.property(
        base,
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        queryWithRepeats,
        headerValue,
        fc.constantFrom('GET', 'POST'),
        text(0),
        (root, segments, query, projectHeader, method, body) => {
          const url = buildWireUrl(root, segments, query);
          const date = '20240315T093054Z';
          const sk = 'fake-secret-key';
          const signed = sign({
            method,
            url,
            headers: { 'Content-Type': 'application/json', 'X-Project-Id': projectHeader },
            body,
            ak: 'FAKEAK0123456789',
            sk,
            date,
          });
          const server = serverCanonicalRequest(method, url.href, signed.headers, body);
          expect(server.canonicalRequest).toBe(signed.canonicalRequest);
          expect(serverVerifies(sk, date, server.canonicalRequest, server.signature)).toBe(true);
          // The Host header sent is what the server sees in the URL's authority (default port omitted).
          expect(signed.headers.Host).toBe(new URL(url.href).host);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('the wire URL survives WHATWG URL parsing unchanged and carries the segments and pairs', () => {
    fc.assert(
      fc.property(base, fc.array(segment, { maxLength: 5 }), queryWithRepeats, (root, segments, query) => {
        const url = buildWireUrl(root, segments, query);
        const reparsed = new URL(url.href);
        const { path, query: rawQuery } = rawPathAndQuery(url.href);
        expect(reparsed.pathname + reparsed.search).toBe(url.pathname + url.search);
        expect(url.pathname).toBe(path);
        expect(url.search).toBe(rawQuery === '' ? '' : `?${rawQuery}`);
        // Decoding the last segments gives back exactly the caller's segments, '/' and '%' included.
        const sent = path.split('/').slice(-segments.length).map(decodeURIComponent);
        expect(segments.length === 0 ? [] : sent).toEqual(segments);
        const pairs =
          rawQuery === '' ? [] : rawQuery.split('&').map((p) => p.split('=').map(decodeURIComponent));
        expect(pairs.length).toBe(query.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('the canonical query does not depend on the order the pairs were given in', () => {
    const pairsAndPermutation = queryWithRepeats.chain((pairs) =>
      fc
        .shuffledSubarray(pairs, { minLength: pairs.length, maxLength: pairs.length })
        .map((permuted) => [pairs, permuted] as const),
    );
    fc.assert(
      fc.property(pairsAndPermutation, ([pairs, permuted]) => {
        expect(canonicalQueryString(permuted)).toBe(canonicalQueryString(pairs));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('wire URL edge cases', () => {
  const root = 'https://swr-api.cn-north-4.myhuaweicloud.com';

  it.each(['.', '..', ''])('refuses the path segment %j with a CONFIG error', (bad) => {
    const attempt = () => buildWireUrl(root, ['v2', bad, 'instances']);
    expect(attempt).toThrow(HuaweiCloudError);
    expect(attempt).toThrow(/path segment 1/);
  });

  it('keeps dot-like segments that are not exactly . or ..', () => {
    const url = buildWireUrl(root, ['...', '.a', '%2e', 'a.']);
    expect(url.pathname).toBe('/.../.a/%252e/a.');
  });

  it('refuses a lone surrogate instead of signing a replacement character', () => {
    expect(() => buildWireUrl(root, ['v2', 'a\uD800b'])).toThrow(/lone surrogate/);
  });

  it('encodes astral characters as four UTF-8 bytes and sorts keys by code point', () => {
    expect(buildWireUrl(root, ['\u{1F600}']).pathname).toBe('/%F0%9F%98%80');
    // U+FF01 < U+1F600 by code point, although its UTF-16 unit (0xFF01) is above the surrogate 0xD83D.
    expect(
      canonicalQueryString([
        ['\u{1F600}', '1'],
        ['\uFF01', '2'],
      ]),
    ).toBe('%EF%BC%81=2&%F0%9F%98%80=1');
  });

  it('refuses a base with a query, a fragment or user info, and strips its trailing slash', () => {
    expect(() => buildWireUrl(`${root}/?x=1`, ['v2'])).toThrow(/query or fragment/);
    expect(() => buildWireUrl(`${root}#frag`, ['v2'])).toThrow(/query or fragment/);
    expect(() => buildWireUrl('https://user:pw@host.example', ['v2'])).toThrow(/user info/);
    expect(() => buildWireUrl('ftp://host.example', ['v2'])).toThrow(/http/);
    expect(buildWireUrl('http://127.0.0.1:8080/prefix/', ['v2']).href).toBe(
      'http://127.0.0.1:8080/prefix/v2',
    );
  });
});
