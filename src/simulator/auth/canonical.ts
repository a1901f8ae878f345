// Canonical request pieces of SDK-HMAC-SHA256, rebuilt from the request AS RECEIVED (docs §2.1). Written from
// the API notes alone — on purpose nothing here comes from src/huaweicloud, so a shared misreading of the
// algorithm cannot make the client and the simulator agree on a wrong signature.

import { createHash } from 'node:crypto';

export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  );
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

/**
 * Percent-decodes to raw bytes. Works on bytes rather than through decodeURIComponent so that a `%FF` (not
 * valid UTF-8) or a lone `%` never throws: a `%` not followed by two hex digits stays a literal `%`, as
 * Python's `unquote` does.
 */
export function percentDecode(text: string): Buffer {
  const input = Buffer.from(text, 'utf8');
  const out = Buffer.alloc(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i] as number;
    if (byte === 0x25 && i + 2 < input.length) {
      const high = hexValue(input[i + 1] as number);
      const low = hexValue(input[i + 2] as number);
      if (high >= 0 && low >= 0) {
        out[length++] = high * 16 + low;
        i += 2;
        continue;
      }
    }
    out[length++] = byte;
  }
  return out.subarray(0, length);
}

/** Strict percent-encoding: every byte outside A-Za-z0-9-._~ becomes %XX with upper-case hex. */
export function strictEncode(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    out += isUnreserved(byte)
      ? String.fromCharCode(byte)
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Split the raw path on '/', decode then strictly re-encode each segment, and make it end in '/'. */
export function canonicalUri(rawPath: string): string {
  const encoded = rawPath
    .split('/')
    .map((segment) => strictEncode(percentDecode(segment)))
    .join('/');
  if (encoded === '') return '/';
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

/** Decoded query pairs in wire order; a bare `key` counts as `key=`. Empty pieces (`a=1&&b=2`) are skipped. */
export function decodeQuery(rawQuery: string): Array<[Buffer, Buffer]> {
  const pairs: Array<[Buffer, Buffer]> = [];
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const key = eq < 0 ? piece : piece.slice(0, eq);
    const value = eq < 0 ? '' : piece.slice(eq + 1);
    // '+' is taken literally: no SDK sends form-encoded spaces, they all use %20 (docs §2.3).
    pairs.push([percentDecode(key), percentDecode(value)]);
  }
  return pairs;
}

/** Sorted by decoded key bytes (= code point order), then value bytes; `enc(k)=enc(v)` joined by '&'. */
export function canonicalQuery(rawQuery: string): string {
  return decodeQuery(rawQuery)
    .sort((a, b) => Buffer.compare(a[0], b[0]) || Buffer.compare(a[1], b[1]))
    .map(([key, value]) => `${strictEncode(key)}=${strictEncode(value)}`)
    .join('&');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
