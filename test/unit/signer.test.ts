// Signer behaviour the vectors do not pin: the date, header handling (trim, case, the signer's own headers,
// names with '_'), body hashing, canonical pieces, and refusals of input that cannot be signed safely.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import {
  canonicalQueryString,
  canonicalUri,
  encodeSegment,
  formatSdkDate,
  sign,
} from '../../src/huaweicloud/signer.js';

const url = new URL('https://swr-api.cn-north-4.myhuaweicloud.com/v2/p/instances?limit=10&offset=0');
const base = {
  method: 'GET',
  url,
  headers: {},
  body: '',
  ak: 'FAKEAK0000000000001',
  sk: 'fake-sk',
  date: '20240315T093054Z',
};
const lines = (canonicalRequest: string) => canonicalRequest.split('\n');

describe('formatSdkDate', () => {
  it('renders UTC without separators or fraction', () => {
    expect(formatSdkDate(new Date('2019-11-15T03:36:55.789Z'))).toBe('20191115T033655Z');
  });

  it('is used when no date is given', () => {
    const before = formatSdkDate(new Date(Date.now() - 1000));
    const result = sign({ ...base, date: undefined });
    const date = result.headers['X-Sdk-Date'] ?? '';
    expect(date).toMatch(/^\d{8}T\d{6}Z$/);
    expect(date >= before).toBe(true);
    expect(result.stringToSign.split('\n')[1]).toBe(date);
  });

  it("reuses a caller's well-formed X-Sdk-Date, like the SDKs", () => {
    const result = sign({ ...base, date: undefined, headers: { 'x-sdk-date': '20200101T000000Z' } });
    expect(result.headers).toMatchObject({ 'X-Sdk-Date': '20200101T000000Z' });
    expect(result.headers['x-sdk-date']).toBeUndefined();
  });
});

describe('sign', () => {
  it('trims header values and lower-cases names in the canonical form only', () => {
    const result = sign({
      ...base,
      headers: { 'X-Project-Id': '  p1 ', 'Content-Type': 'application/json' },
    });
    expect(lines(result.canonicalRequest).slice(3, 7)).toEqual([
      'content-type:application/json',
      'host:swr-api.cn-north-4.myhuaweicloud.com',
      'x-project-id:p1',
      'x-sdk-date:20240315T093054Z',
    ]);
    expect(result.headers['X-Project-Id']).toBe('  p1 ');
  });

  it("replaces the caller's Host and Authorization with its own", () => {
    const result = sign({ ...base, headers: { host: 'evil.example', authorization: 'Bearer x' } });
    expect(result.headers).toEqual({
      Host: 'swr-api.cn-north-4.myhuaweicloud.com',
      'X-Sdk-Date': '20240315T093054Z',
      Authorization: result.authorization,
    });
  });

  it('omits the default port from Host and keeps any other', () => {
    expect(sign({ ...base, url: new URL('https://h.example:443/a') }).headers.Host).toBe('h.example');
    expect(sign({ ...base, url: new URL('http://127.0.0.1:8080/a') }).headers.Host).toBe('127.0.0.1:8080');
  });

  it("sends but does not sign names with '_' (as the Go and Python SDKs do)", () => {
    const result = sign({ ...base, headers: { X_Custom: 'v' } });
    expect(result.signedHeaders).toBe('host;x-sdk-date');
    expect(result.headers.X_Custom).toBe('v');
  });

  it('hashes the UTF-8 body, unless X-Sdk-Content-Sha256 says otherwise', () => {
    const body = '{"description":"手动触发"}';
    const hash = createHash('sha256').update(Buffer.from(body, 'utf8')).digest('hex');
    expect(lines(sign({ ...base, method: 'POST', body }).canonicalRequest).at(-1)).toBe(hash);
    const unsigned = sign({
      ...base,
      method: 'PUT',
      body,
      headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
    });
    expect(lines(unsigned.canonicalRequest).at(-1)).toBe('UNSIGNED-PAYLOAD');
    expect(unsigned.signedHeaders).toBe('host;x-sdk-content-sha256;x-sdk-date');
  });

  it('gives a different signature for a different secret key (the key is really used)', () => {
    expect(sign(base).signature).not.toBe(sign({ ...base, sk: 'other-sk' }).signature);
  });

  it.each([
    [{ headers: { 'X-Project-Id': 'p1\r\nX-Evil: 1' } }, /contains a line break/],
    [{ headers: { 'x-project-id': 'a', 'X-Project-Id': 'b' } }, /given twice/],
    [{ headers: { 'bad name': 'a' } }, /header name "bad name" is not valid/],
    [{ ak: 'AK, Signature=forged' }, /access key is empty or holds characters/],
    [{ ak: '' }, /access key is empty/],
    [{ sk: '' }, /secret key is empty/],
    [{ date: '2024-03-15T09:30:54Z' }, /date must look like/],
  ])('refuses unsafe input %#', (override, message) => {
    const attempt = () => sign({ ...base, ...override });
    expect(attempt).toThrow(HuaweiCloudError);
    expect(attempt).toThrow(message);
  });

  it('does not echo header values or keys in its errors', () => {
    expect(() => sign({ ...base, headers: { 'X-Auth-Token': 'tok-value\n' } })).toThrow(
      /^header X-Auth-Token contains/,
    );
    expect(() => sign({ ...base, ak: 'SECRETISH AK' })).not.toThrow(/SECRETISH/);
  });
});

describe('canonical pieces', () => {
  it('encodes strictly: only A-Z a-z 0-9 - . _ ~ survive', () => {
    expect(encodeSegment("a b+c!'()*~._-中")).toBe('a%20b%2Bc%21%27%28%29%2A~._-%E4%B8%AD');
  });

  it('adds the trailing slash and re-encodes from the decoded form', () => {
    expect(canonicalUri('')).toBe('/');
    expect(canonicalUri('/')).toBe('/');
    expect(canonicalUri('/a/')).toBe('/a/');
    expect(canonicalUri('/v2/a%2bb/%7e!')).toBe('/v2/a%2Bb/~%21/');
    expect(() => canonicalUri('/v2/%E4%B8')).toThrow(/malformed percent-escape/);
  });

  it('keeps k= for empty values and sorts repeated keys by value as strings', () => {
    expect(
      canonicalQueryString([
        ['tag', 'v2'],
        ['tag', 'v10'],
        ['empty', ''],
        ['Zeta', '2'],
        ['zeta', '1'],
      ]),
    ).toBe('Zeta=2&empty=&tag=v10&tag=v2&zeta=1');
    expect(canonicalQueryString([])).toBe('');
  });

  it('signs a bare ?key on the wire as key=', () => {
    const result = sign({ ...base, url: new URL('https://h.example/a?flag&b=1') });
    expect(lines(result.canonicalRequest)[2]).toBe('b=1&flag=');
  });
});
