// Every SDK-HMAC-SHA256 vector of test/fixtures/signer-vectors.json (plus those of the file named by
// SIGNER_VECTORS), one test each. The vectors were reproduced by Huawei's Python SDK and an independent
// implementation (API notes §3).

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWireUrl, canonicalUri, encodeSegment, sign } from '../../src/huaweicloud/signer.js';
import { loadSignerVectors } from '../fixtures/signer-vectors.js';

const { vectors, files } = loadSignerVectors();

/** A strict encoder written independently of src/: encodeURIComponent plus the five characters it spares. */
function strictEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function expectedQuery(pairs: Array<[string, string]>): string {
  const bytes = (s: string) => Buffer.from(s, 'utf8');
  return [...pairs]
    .sort((a, b) => Buffer.compare(bytes(a[0]), bytes(b[0])) || Buffer.compare(bytes(a[1]), bytes(b[1])))
    .map(([k, v]) => `${strictEncode(k)}=${strictEncode(v)}`)
    .join('&');
}

describe(`signer vectors (${files.join(' + ')})`, () => {
  it('has vectors to run', () => {
    expect(vectors.length).toBeGreaterThan(0);
  });

  for (const v of vectors) {
    it(v.name, () => {
      const result = sign({
        method: v.method,
        url: new URL(v.url),
        headers: v.headers,
        body: v.body,
        ak: v.ak,
        sk: v.sk,
        date: v.date,
      });
      expect(result.canonicalRequest).toBe(v.expected.canonicalRequest);
      expect(result.stringToSign).toBe(v.expected.stringToSign);
      expect(result.signedHeaders).toBe(v.expected.signedHeaders);
      expect(result.signature).toBe(v.expected.signature);
      expect(result.authorization).toBe(v.expected.authorization);
      expect(result.headers).toEqual(v.expected.headersToSend);
      expect(Object.keys(result.headers).sort()).toEqual(Object.keys(v.expected.headersToSend).sort());

      // Rebuild the wire URL from the vector's decoded path and query, as the transport does.
      const original = new URL(v.url);
      const segments = original.pathname
        .split('/')
        .slice(1)
        .map((s) => decodeURIComponent(s));
      const wire = buildWireUrl(original.origin, segments, v.query);
      const strictPath = `/${segments.map(strictEncode).join('/')}`;
      const strictQuery = expectedQuery(v.query);
      expect(wire.pathname).toBe(strictPath);
      expect(wire.search).toBe(strictQuery === '' ? '' : `?${strictQuery}`);
      expect(wire.host).toBe(original.host);
      expect(segments.map(encodeSegment)).toEqual(segments.map(strictEncode));

      // The path that goes on the wire canonicalises to the path that was signed…
      const signedUri = v.expected.canonicalRequest.split('\n')[1];
      expect(canonicalUri(wire.pathname)).toBe(signedUri);
      // …and signing the rebuilt wire URL gives the vector's signature (same request, any query order).
      const fromWire = sign({ ...v, url: wire, headers: v.headers, date: v.date });
      expect(fromWire.signature).toBe(v.expected.signature);
    });
  }
});

describe('SIGNER_VECTORS', () => {
  it('adds the vectors of the file it names and replaces bundled ones of the same name', async () => {
    const bundled = loadSignerVectors('');
    const [first, second] = bundled.vectors;
    if (first === undefined || second === undefined) throw new Error('the bundled file has too few vectors');
    const dir = await mkdtemp(join(tmpdir(), 'signer-vectors-'));
    try {
      const path = join(dir, 'extra.json');
      const replacement = { ...first, description: 'replaced' };
      const added = { ...second, name: 'added-by-signer-vectors' };
      await writeFile(path, JSON.stringify([replacement, added]));
      const loaded = loadSignerVectors(path);
      expect(loaded.files).toEqual([...bundled.files, path]);
      expect(loaded.replaced).toEqual([first.name]);
      expect(loaded.vectors).toHaveLength(bundled.vectors.length + 1);
      expect(loaded.vectors.find((v) => v.name === first.name)).toEqual(replacement);
      expect(loaded.vectors.at(-1)).toEqual(added);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
