import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollectorStatus, ScrapeOptions } from '../../src/collectors/types.js';
import {
  createServer,
  type ExporterServer,
  parseListenAddress,
  type ServedExporter,
} from '../../src/server.js';

const SECRET = 'sk-very-secret-value-123';
const quiet = { level: 'error', format: 'json', destination: { write: () => true } } as const;

/** A stand-in for the exporter whose scrapes finish when the test says so. */
class FakeExporter implements ServedExporter {
  readonly version = '1.2.3-test';
  readonly contentType = 'text/plain; version=0.0.4; charset=utf-8';
  ready = true;
  body = '# HELP up test\nup 1\n';
  failWith: Error | undefined;
  statuses: CollectorStatus[] = [];
  readonly scrapes: ScrapeOptions[] = [];
  #gate: Promise<void> | undefined;
  #open: (() => void) | undefined;
  reloadResult = { ok: true, message: 'config reloaded' };

  hold(): void {
    this.#gate = new Promise((resolve) => {
      this.#open = resolve;
    });
  }

  release(): void {
    this.#open?.();
    this.#gate = undefined;
  }

  isReady() {
    return this.ready;
  }

  async scrape(options: ScrapeOptions): Promise<string> {
    this.scrapes.push(options);
    if (this.#gate !== undefined) {
      const gate = this.#gate;
      await new Promise<void>((resolve, reject) => {
        gate.then(resolve);
        options.signal?.addEventListener('abort', () => reject(options.signal?.reason), { once: true });
      });
    }
    if (this.failWith !== undefined) throw this.failWith;
    return this.body;
  }

  status() {
    return this.statuses;
  }

  async reload() {
    return this.reloadResult;
  }

  configDump() {
    return `credentials:\n  sk: <secret>\n`;
  }

  redact(text: string) {
    return text.replaceAll(SECRET, '<secret>');
  }
}

let server: ExporterServer | undefined;
afterEach(async () => {
  await server?.close(0);
  server = undefined;
});

function start(exporter: ServedExporter, options: { maxRequests?: number; telemetryPath?: string } = {}) {
  server = createServer({ exporter, logging: quiet, ...options });
  return server;
}

/** Resolves when the fake has received `count` scrapes (the handler is then waiting on the gate). */
async function untilScrapes(fake: FakeExporter, count: number) {
  while (fake.scrapes.length < count) await new Promise((r) => setImmediate(r));
}

describe('server endpoints', () => {
  it('serves metrics with the exporter content type and passes the scrape timeout', async () => {
    const fake = new FakeExporter();
    const { app } = start(fake);
    const res = await app.inject({
      url: '/metrics',
      headers: { 'x-prometheus-scrape-timeout-seconds': '9.5' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(fake.contentType);
    expect(res.body).toBe(fake.body);
    expect(fake.scrapes[0]?.timeoutSeconds).toBe(9.5);
    expect(fake.scrapes[0]?.signal).toBeInstanceOf(AbortSignal);
    await app.inject({ url: '/metrics', headers: { 'x-prometheus-scrape-timeout-seconds': 'soon' } });
    expect(fake.scrapes[1]?.timeoutSeconds).toBeUndefined();
  });

  it('honours --web.telemetry-path', async () => {
    const { app } = start(new FakeExporter(), { telemetryPath: '/probe/metrics' });
    expect((await app.inject({ url: '/probe/metrics' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(404);
  });

  it('gzips large bodies when the scraper accepts it', async () => {
    const fake = new FakeExporter();
    fake.body = `${'huaweicloud_test_metric{a="b"} 1\n'.repeat(200)}`;
    const { app } = start(fake);
    const res = await app.inject({ url: '/metrics', headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.rawPayload).toString()).toBe(fake.body);
    const plain = await app.inject({ url: '/metrics' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(fake.body);
  });

  it('answers a failed scrape with 500 and a redacted reason', async () => {
    const fake = new FakeExporter();
    fake.failWith = new Error(`engine broke near ${SECRET}`);
    const { app } = start(fake);
    const res = await app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(500);
    expect(res.body).toBe('scrape failed: engine broke near <secret>\n');
  });

  it('is healthy always and ready only once the exporter says so', async () => {
    const fake = new FakeExporter();
    fake.ready = false;
    const { app } = start(fake);
    expect((await app.inject({ url: '/-/healthy' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/-/ready' })).statusCode).toBe(503);
    fake.ready = true;
    expect((await app.inject({ url: '/-/ready' })).statusCode).toBe(200);
  });

  it('reloads on POST and PUT, reports a rejected config with 500, refuses GET', async () => {
    const fake = new FakeExporter();
    const { app } = start(fake);
    expect((await app.inject({ method: 'POST', url: '/-/reload' })).body).toBe('config reloaded\n');
    expect((await app.inject({ method: 'PUT', url: '/-/reload' })).statusCode).toBe(200);
    fake.reloadResult = { ok: false, message: 'invalid config x.yml:\n  - regions: is required' };
    const bad = await app.inject({ method: 'POST', url: '/-/reload' });
    expect(bad.statusCode).toBe(500);
    expect(bad.body).toContain('regions: is required');
    const get = await app.inject({ url: '/-/reload' });
    expect(get.statusCode).toBe(405);
    expect(get.headers.allow).toBe('POST, PUT');
  });

  it('answers unknown paths with a plain 404', async () => {
    const { app } = start(new FakeExporter());
    const res = await app.inject({ url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toBe('Not Found\n');
  });
});

describe('landing page', () => {
  it('shows version, links and collector status, HTML-escaped and redacted', async () => {
    const fake = new FakeExporter();
    fake.statuses = [
      {
        name: 'swr_signing',
        region: 'cn-north-4',
        lastRunAt: new Date('2026-01-02T03:04:05Z'),
        durationSeconds: 1.25,
        success: false,
        lastError: `<script>alert(1)</script> AUTH_FAILED with ${SECRET}`,
        dataAgeSeconds: 12,
      },
      {
        name: 'hss_registries',
        region: 'cn-north-4',
        lastRunAt: null,
        durationSeconds: null,
        success: null,
        lastError: null,
        dataAgeSeconds: null,
      },
      {
        name: 'apig_signature_keys',
        region: 'cn-north-4',
        lastRunAt: new Date('2026-01-02T03:04:05Z'),
        durationSeconds: 40,
        success: false,
        lastError: 'scrape deadline of 9.5s exceeded; the refresh goes on in the background',
        dataAgeSeconds: 70,
        refreshOverdue: { startedAt: new Date('2026-01-02T03:04:05Z'), runningSeconds: 40 },
      },
    ];
    const { app } = start(fake);
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).toContain('Version 1.2.3-test');
    expect(html).toContain('<a href="/metrics">');
    expect(html).toContain('<td title="2026-01-02T03:04:05.000Z">');
    expect(html).toContain('<td>1.25 s</td><td>failed</td><td>12 s</td>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; AUTH_FAILED with &lt;secret&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain(SECRET);
    expect(html).toContain('<td>not run yet</td>');
    expect(html).toContain('<td>refresh overdue, running 40 s</td>');
    expect(html).toContain('<a href="/targets">');
    expect(html).toContain('<a href="/probe?target=cn-north-4/hss_registries">');
    expect(html).toContain('sk: &lt;secret&gt;');
  });
});

describe('--web.max-requests', () => {
  it('answers 503 past the limit and serves again once scrapes finish', async () => {
    const fake = new FakeExporter();
    fake.hold();
    const { app } = start(fake, { maxRequests: 2 });
    const first = app.inject({ url: '/metrics' });
    const second = app.inject({ url: '/metrics' });
    await untilScrapes(fake, 2);
    const third = await app.inject({ url: '/metrics' });
    expect(third.statusCode).toBe(503);
    expect(third.body).toContain('too many concurrent scrapes (limit 2');
    fake.release();
    expect((await first).statusCode).toBe(200);
    expect((await second).statusCode).toBe(200);
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(200);
    expect(fake.scrapes).toHaveLength(3);
  });
});

describe('connections', () => {
  it('aborts the scrape when the scraper disconnects', async () => {
    const fake = new FakeExporter();
    fake.hold();
    const srv = start(fake);
    const url = new URL('/metrics', await srv.listen('127.0.0.1:0'));
    const req = httpRequest(url);
    req.on('error', () => {});
    req.end();
    await untilScrapes(fake, 1);
    const signal = fake.scrapes[0]?.signal;
    const aborted = new Promise((resolve) => signal?.addEventListener('abort', resolve, { once: true }));
    req.destroy();
    await aborted;
    expect(signal?.aborted).toBe(true);
  });

  it('on close lets a scrape in flight finish, refusing new connections', async () => {
    const fake = new FakeExporter();
    fake.hold();
    const srv = start(fake);
    const url = new URL('/metrics', await srv.listen('127.0.0.1:0'));
    const response = fetch(url).then(async (r) => ({ status: r.status, body: await r.text() }));
    await untilScrapes(fake, 1);
    const closing = srv.close(60_000);
    await expect(fetch(url)).rejects.toThrow();
    fake.release();
    expect(await response).toEqual({ status: 200, body: fake.body });
    await closing;
    server = undefined;
  });

  it('on close aborts scrapes that outlive the grace period', async () => {
    const fake = new FakeExporter();
    fake.hold();
    const srv = start(fake);
    const url = new URL('/metrics', await srv.listen('127.0.0.1:0'));
    const response = fetch(url).then(async (r) => ({ status: r.status, body: await r.text() }));
    await untilScrapes(fake, 1);
    await srv.close(0);
    server = undefined;
    expect(fake.scrapes[0]?.signal?.aborted).toBe(true);
    expect(await response).toEqual({ status: 503, body: 'scrape aborted: the exporter is shutting down\n' });
  });
});

describe('listen address', () => {
  it.each([
    [':9786', { host: '0.0.0.0', port: 9786 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['[::1]:9100', { host: '::1', port: 9100 }],
    ['localhost:80', { host: 'localhost', port: 80 }],
  ])('%s', (text, expected) => {
    expect(parseListenAddress(text)).toEqual(expected);
  });

  it.each(['9786', 'host:', 'host:99999', '::1:80', 'a:b'])('refuses %j', (text) => {
    expect(() => parseListenAddress(text)).toThrow(/--web.listen-address: expected host:port or :port/);
  });
});

describe('before the configuration is loaded', () => {
  it('answers /metrics with 503 without calling the exporter', async () => {
    const fake = new FakeExporter();
    fake.ready = false;
    const { app } = start(fake);
    const res = await app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(503);
    expect(fake.scrapes).toHaveLength(0);
  });
});
