// The simulator's independent verifier against the vectors of test/fixtures/signer-vectors.json (plus those of
// the file named by SIGNER_VECTORS): every vector is accepted at its own date, and rejected when any single
// signed part changes.

import { describe, expect, it } from 'vitest';
import { canonicalQuery, canonicalUri } from '../../src/simulator/auth/canonical.js';
import {
  buildCanonicalRequest,
  parseSdkDate,
  type ReceivedRequest,
  type SigningKey,
  verifySignature,
} from '../../src/simulator/auth/verifier.js';
import { loadSignerVectors, type SignerVector as Vector } from '../fixtures/signer-vectors.js';

const { vectors, bundled } = loadSignerVectors();

function received(v: Vector): ReceivedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(v.expected.headersToSend)) headers[name.toLowerCase()] = value;
  return {
    method: v.method,
    url: v.url.replace(/^https?:\/\/[^/]+/, ''),
    headers,
    body: Buffer.from(v.body, 'utf8'),
  };
}

function keyFor(v: Vector): (ak: string) => SigningKey | undefined {
  const token = v.expected.headersToSend['X-Security-Token'];
  return (ak) =>
    ak === v.ak ? { sk: v.sk, ...(token === undefined ? {} : { securityToken: token }) } : undefined;
}

function verifyAtVectorDate(v: Vector, req: ReceivedRequest) {
  const nowMs = parseSdkDate(v.date);
  if (nowMs === undefined) throw new Error(`bad vector date ${v.date}`);
  return verifySignature(req, { lookup: keyFor(v), nowMs });
}

/** Changes one byte-level thing while keeping the request well-formed. */
function changedValue(name: string, value: string): string {
  if (name === 'x-sdk-date') {
    const ms = (parseSdkDate(value) as number) + 1000;
    return new Date(ms)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  }
  return `${value}x`;
}

describe('signer vectors', () => {
  it('has the 16 bundled vectors (and any SIGNER_VECTORS adds)', () => {
    expect(bundled).toBe(16);
    expect(vectors.length).toBeGreaterThanOrEqual(16);
  });

  describe.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    it('rebuilds the expected canonical request', () => {
      const canonical = buildCanonicalRequest(received(v), v.expected.signedHeaders.split(';'));
      expect(typeof canonical === 'string' ? canonical : canonical.canonicalRequest).toBe(
        v.expected.canonicalRequest,
      );
    });

    it('accepts the request at the vector date', () => {
      expect(verifyAtVectorDate(v, received(v))).toEqual({ ok: true, ak: v.ak });
    });

    it('rejects a changed method', () => {
      const req = { ...received(v), method: v.method === 'GET' ? 'POST' : 'GET' };
      expect(verifyAtVectorDate(v, req)).toMatchObject({ ok: false, kind: 'signature' });
    });

    it('rejects a changed path', () => {
      const original = received(v);
      const [path, query] = original.url.split('?') as [string, string | undefined];
      const url = `${path}x${query === undefined ? '' : `?${query}`}`;
      expect(verifyAtVectorDate(v, { ...original, url })).toMatchObject({ ok: false, kind: 'signature' });
    });

    it('rejects a changed query value (or an added one when there is no query)', () => {
      const original = received(v);
      const [path, query] = original.url.split('?') as [string, string | undefined];
      let url: string;
      if (query === undefined) url = `${path}?extra=1`;
      else {
        const pieces = query.split('&');
        pieces[0] = pieces[0]?.includes('=') ? `${pieces[0]}x` : `${pieces[0]}=x`;
        url = `${path}?${pieces.join('&')}`;
      }
      expect(verifyAtVectorDate(v, { ...original, url })).toMatchObject({ ok: false });
    });

    it.each(v.expected.signedHeaders.split(';'))('rejects a changed signed header %s', (name) => {
      const original = received(v);
      const value = original.headers[name] as string;
      const req = { ...original, headers: { ...original.headers, [name]: changedValue(name, value) } };
      const result = verifyAtVectorDate(v, req);
      expect(result.ok).toBe(false);
      // A changed security token is caught before the signature; everything else by the signature itself.
      if (name !== 'x-security-token') expect(result).toMatchObject({ kind: 'signature' });
    });

    it('rejects a changed body unless the payload is declared unsigned', () => {
      const req = { ...received(v), body: Buffer.from(`${v.body}x`, 'utf8') };
      const unsigned = v.expected.signedHeaders.split(';').includes('x-sdk-content-sha256');
      expect(verifyAtVectorDate(v, req).ok).toBe(unsigned);
    });
  });
});

describe('verifier rules', () => {
  const v = vectors.find((x) => x.name === 'swr-show-instance-registry') as Vector;
  const dateMs = parseSdkDate(v.date) as number;

  it('accepts X-Sdk-Date up to 15 minutes away and rejects beyond', () => {
    const at = (offsetMs: number) =>
      verifySignature(received(v), { lookup: keyFor(v), nowMs: dateMs + offsetMs });
    expect(at(15 * 60_000).ok).toBe(true);
    expect(at(-15 * 60_000).ok).toBe(true);
    expect(at(15 * 60_000 + 1000)).toMatchObject({ ok: false, kind: 'date' });
    expect(at(-15 * 60_000 - 1000)).toMatchObject({ ok: false, kind: 'date' });
  });

  it('names the failure in the gateway message and keeps the AK and SK out of it', () => {
    const result = verifySignature(received(v), { lookup: () => ({ sk: 'another-secret' }), nowMs: dateMs });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/^Incorrect IAM authentication information: verify aksk signature fail, /);
    expect(result.message).toContain('canonicalRequest:GET|/v2/');
    expect(result.message).not.toContain(v.ak);
    expect(result.message).not.toContain(v.sk);
  });

  it('rejects an unknown AK without echoing it', () => {
    const result = verifySignature(received(v), { lookup: () => undefined, nowMs: dateMs });
    expect(result).toMatchObject({ ok: false, kind: 'unknown_ak' });
    if (!result.ok) expect(result.message).not.toContain(v.ak);
  });

  it('requires x-sdk-date among the signed headers', () => {
    const req = received(v);
    const auth = (req.headers.authorization as string).replace(
      'host;x-project-id;x-sdk-date',
      'host;x-project-id',
    );
    const result = verifySignature(
      { ...req, headers: { ...req.headers, authorization: auth } },
      { lookup: keyFor(v), nowMs: dateMs },
    );
    expect(result).toMatchObject({ ok: false, kind: 'signed_headers' });
  });

  it('rejects a malformed Authorization header and a signed header the request lacks', () => {
    const req = received(v);
    const malformed = { ...req, headers: { ...req.headers, authorization: 'Basic dXNlcjpwYXNz' } };
    expect(verifySignature(malformed, { lookup: keyFor(v), nowMs: dateMs })).toMatchObject({
      kind: 'malformed',
    });
    const { 'x-project-id': _dropped, ...rest } = req.headers;
    expect(verifySignature({ ...req, headers: rest }, { lookup: keyFor(v), nowMs: dateMs })).toMatchObject({
      kind: 'signed_headers',
    });
  });

  it('demands the security token of a temporary AK and refuses it once expired', () => {
    const temp = vectors.find((x) => x.name === 'swr-list-instances-temporary-credentials') as Vector;
    const tempMs = parseSdkDate(temp.date) as number;
    const token = temp.expected.headersToSend['X-Security-Token'] as string;
    const req = received(temp);
    const { 'x-security-token': _token, ...withoutToken } = req.headers;
    const lookup = () => ({ sk: temp.sk, securityToken: token });
    expect(verifySignature({ ...req, headers: withoutToken }, { lookup, nowMs: tempMs })).toMatchObject({
      kind: 'security_token',
    });
    const expired = () => ({ sk: temp.sk, securityToken: token, expiresAtMs: tempMs });
    expect(verifySignature(req, { lookup: expired, nowMs: tempMs })).toMatchObject({ kind: 'expired' });
  });

  it('never echoes a security token in the canonical request of an error', () => {
    const temp = vectors.find((x) => x.name === 'swr-list-instances-temporary-credentials') as Vector;
    const token = temp.expected.headersToSend['X-Security-Token'] as string;
    const result = verifySignature(received(temp), {
      lookup: () => ({ sk: 'wrong', securityToken: token }),
      nowMs: parseSdkDate(temp.date) as number,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain('x-security-token:<secret>');
      expect(result.message).not.toContain(token);
    }
  });

  it('rejects impossible dates', () => {
    expect(parseSdkDate('20240231T000000Z')).toBeUndefined();
    expect(parseSdkDate('20240315T250000Z')).toBeUndefined();
    expect(parseSdkDate('2024-03-15T09:30:45Z')).toBeUndefined();
    expect(parseSdkDate('20240315T093045Z')).toBe(Date.UTC(2024, 2, 15, 9, 30, 45));
  });
});

describe('canonical pieces', () => {
  it.each([
    ['/', '/'],
    ['', '/'],
    ['/a/', '/a/'],
    ['/a%2fb/c', '/a%2Fb/c/'],
    ['/%7e~/%e4%b8%ad', '/~~/%E4%B8%AD/'],
    ['/a b/100%', '/a%20b/100%25/'],
    ['/x%FF', '/x%FF/'],
  ])('canonicalUri(%j) = %j', (raw, expected) => {
    expect(canonicalUri(raw)).toBe(expected);
  });

  it.each([
    ['', ''],
    ['b=2&a=1', 'a=1&b=2'],
    ['key', 'key='],
    ['Zeta=2&zeta=1&alpha=3', 'Zeta=2&alpha=3&zeta=1'],
    ['tag=v2&tag=v10&tag=v1', 'tag=v1&tag=v10&tag=v2'],
    ['a=1&&b=%2b+', 'a=1&b=%2B%2B'],
    ['q=%e7%ad%be%20x', 'q=%E7%AD%BE%20x'],
  ])('canonicalQuery(%j) = %j', (raw, expected) => {
    expect(canonicalQuery(raw)).toBe(expected);
  });
});
