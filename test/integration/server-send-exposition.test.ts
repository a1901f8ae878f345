// How /metrics sends an exposition over a real socket: identity as the engine's pieces with Content-Length
// known, gzip as the collected part's gzip (once per collected part) followed by the tail's, which gunzips
// to exactly the identity body.

import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import type { ChunkedBytes, EncodedExposition } from '../../src/collectors/types.js';
import { type Compress, ExpositionSender, gzipChunks } from '../../src/server/send-exposition.js';
import { createServer, type ExporterServer, type ServedExporter } from '../../src/server.js';
import { FakeClock } from '../unit/collectors-fake-api.js';
import { goldenNorth } from '../unit/collectors-golden-estate.js';

const quiet = { level: 'error', format: 'json', destination: { write: () => true } } as const;

let server: ExporterServer | undefined;
const engines: Engine[] = [];
afterEach(async () => {
  await server?.close(0);
  server = undefined;
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

/** A collected part of many pieces (large enough to be streamed) and a small tail. */
function exposition(pieces: number): EncodedExposition {
  const chunks = Array.from({ length: pieces }, (_, i) =>
    Buffer.from(`huaweicloud_test_info{piece="${i}",name="名前"} 1\n`.repeat(400), 'utf8'),
  );
  const collected: ChunkedBytes = { chunks, byteLength: chunks.reduce((n, c) => n + c.length, 0) };
  return { collected, tail: Buffer.from('huaweicloud_collector_success{collector="x"} 1\n', 'utf8') };
}

function served(body: EncodedExposition): ServedExporter {
  return {
    version: 'test',
    contentType: 'text/plain; version=0.0.4; charset=utf-8',
    isReady: () => true,
    scrape: async () => 'unused 1\n',
    scrapeEncoded: async () => body,
    status: () => [],
    reload: async () => ({ ok: true, message: 'reloaded' }),
    configDump: () => '',
    redact: (text) => text,
  };
}

/** The response as sent: raw bytes (no decompression), headers as received. */
function get(url: URL, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const req = httpRequest(url, { method, headers }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    },
  );
}

async function metricsUrl(body: EncodedExposition): Promise<URL> {
  server = createServer({ exporter: served(body), logging: quiet });
  return new URL('/metrics', await server.listen('127.0.0.1:0'));
}

describe('sending an encoded exposition', () => {
  it.each([
    ['streamed, many pieces', 60],
    ['one buffer, few pieces', 2],
  ])('identity (%s): the pieces in order with their Content-Length', async (_case, pieces) => {
    const body = exposition(pieces);
    const url = await metricsUrl(body);
    const res = await get(url);
    const expected = Buffer.concat([...body.collected.chunks, body.tail]);
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(expected.length));
    expect(res.headers['transfer-encoding']).toBeUndefined();
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.equals(expected)).toBe(true);
  });

  it.each([60, 2])(
    'gzip (%i pieces): two members that gunzip to exactly the identity body',
    async (pieces) => {
      const body = exposition(pieces);
      const url = await metricsUrl(body);
      const plain = await get(url);
      const zipped = await get(url, { 'accept-encoding': 'gzip, deflate' });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers.vary).toBe('Accept-Encoding');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toBe('Accept-Encoding');
      expect(zipped.headers['content-length']).toBe(String(zipped.body.length));
      expect(zipped.body.length).toBeLessThan(plain.body.length / 10);
      expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    },
  );
});

describe('the gzip of the collected part', () => {
  function counting(): { compress: Compress; calls: () => number } {
    let calls = 0;
    return {
      compress: (chunks) => {
        calls += 1;
        return gzipChunks(chunks);
      },
      calls: () => calls,
    };
  }

  it('is computed once for scrapes of an unchanged snapshot, again after a refresh', async () => {
    const clock = new FakeClock();
    const engine = new Engine({
      targets: [{ region: 'cn-north-4', api: goldenNorth(), apig: [{ gateway: 'apig' }] }],
      now: clock.now,
      apiMetrics: createApiMetricsObserver({ processMetrics: false }),
    });
    engines.push(engine);
    const { compress, calls } = counting();
    const sender = new ExpositionSender(compress);

    const first = await engine.scrapeEncoded({});
    clock.advance(10);
    const second = await engine.scrapeEncoded({});
    const [a, b] = await Promise.all([
      sender.gzipCollected(first.collected),
      sender.gzipCollected(second.collected),
    ]);
    expect(await sender.gzipCollected(second.collected)).toBe(a);
    expect(b).toBe(a);
    expect(calls()).toBe(1);
    expect(gunzipSync(Buffer.concat(a.chunks)).equals(Buffer.concat([...first.collected.chunks]))).toBe(true);

    clock.advance(31);
    const refreshed = await engine.scrapeEncoded({});
    await sender.gzipCollected(refreshed.collected);
    expect(calls()).toBe(2);
  });

  it('is tried again by the next scrape when a compression failed', async () => {
    let fail = true;
    const sender = new ExpositionSender(async (chunks) => {
      if (fail) throw new Error('zlib broke');
      return gzipChunks(chunks);
    });
    const part = exposition(2).collected;
    await expect(sender.gzipCollected(part)).rejects.toThrow('zlib broke');
    fail = false;
    const zipped = await sender.gzipCollected(part);
    expect(gunzipSync(Buffer.concat(zipped.chunks)).equals(Buffer.concat([...part.chunks]))).toBe(true);
  });
});

describe('Accept-Encoding', () => {
  it.each([
    ['gzip;q=0', false],
    ['gzip; q=0.000, deflate', false],
    ['deflate, gzip;q=0', false],
    ['identity', false],
    ['*;q=0', false],
    ['*, gzip;q=0', false],
    ['*', true],
    ['GZIP;Q=0.5', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['x-gzip', true],
    ['gzip;q=', true],
  ])('%s: gzip %s', async (header, gzipped) => {
    const url = await metricsUrl(exposition(2));
    const res = await get(url, { 'accept-encoding': header });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(gzipped ? 'gzip' : undefined);
  });
});

/** A request with another method, or one the client drops after the first bytes of the body. */
function head(url: URL, headers: Record<string, string> = {}) {
  return get(url, headers, 'HEAD');
}

function hangUpAfterFirstBytes(url: URL): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? resolve() : reject(e)));
    req.end();
  });
}

describe('HEAD and hang-ups', () => {
  it.each([
    ['identity', {}],
    ['gzip', { 'accept-encoding': 'gzip' }],
  ])('HEAD (%s) answers the GET headers and no body', async (_case, headers: Record<string, string>) => {
    const url = await metricsUrl(exposition(60));
    const got = await get(url, headers);
    const res = await head(url, headers);
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    expect(res.headers['content-length']).toBe(got.headers['content-length']);
    expect(res.headers['content-encoding']).toBe(got.headers['content-encoding']);
    // The connection is still usable afterwards.
    expect((await get(url, headers)).body.equals(got.body)).toBe(true);
  });

  it('a scraper hanging up mid-stream leaves the server serving and no scrape counted in flight', async () => {
    const body = exposition(400);
    server = createServer({ exporter: served(body), logging: quiet, maxRequests: 1 });
    const url = new URL('/metrics', await server.listen('127.0.0.1:0'));
    for (let i = 0; i < 3; i++) await hangUpAfterFirstBytes(url);
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.body.equals(Buffer.concat([...body.collected.chunks, body.tail]))).toBe(true);
  });
});
