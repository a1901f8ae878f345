// Scraping /metrics the way Prometheus does, reading the body as a stream: counting samples and picking out
// the exporter's own process figures without holding a 50 MB exposition in memory.

import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Agent, request } from 'undici';

// A cold scrape of a big estate answers after minutes: no client-side timeouts, one connection per scraper.
const agent = new Agent({ headersTimeout: 0, bodyTimeout: 0, connections: 64 });

const NEWLINE = 0x0a;
const HASH = 0x23;
/** Own metrics worth keeping (prom-client's process and event-loop figures). */
const KEPT =
  /^(nodejs_eventloop_lag_max_seconds|nodejs_heap_size_used_bytes|process_resident_memory_bytes|huaweicloud_collector_success)\b/;
const N = 0x6e;
const P = 0x70;
const COLLECTOR_STATUS = Buffer.from('huaweicloud_collector_');

function worthDecoding(buffer, start, end) {
  const first = buffer[start];
  if (first === N || first === P) return true;
  const prefixEnd = start + COLLECTOR_STATUS.length;
  return (
    prefixEnd <= end && buffer.compare(COLLECTOR_STATUS, 0, COLLECTOR_STATUS.length, start, prefixEnd) === 0
  );
}

/** Counts sample lines and keeps a few named ones, chunk by chunk. */
class ExpositionScanner {
  samples = 0;
  bytes = 0;
  kept = [];
  #carry = undefined;

  feed(chunk) {
    this.bytes += chunk.length;
    const buffer = this.#carry === undefined ? chunk : Buffer.concat([this.#carry, chunk]);
    let start = 0;
    for (let end = buffer.indexOf(NEWLINE, start); end !== -1; end = buffer.indexOf(NEWLINE, start)) {
      this.#line(buffer, start, end);
      start = end + 1;
    }
    this.#carry = start < buffer.length ? Buffer.from(buffer.subarray(start)) : undefined;
  }

  finish() {
    if (this.#carry !== undefined) this.#line(this.#carry, 0, this.#carry.length);
    this.#carry = undefined;
  }

  #line(buffer, start, end) {
    if (end <= start || buffer[start] === HASH) return;
    this.samples++;
    // Only the exporter's own lines are decoded; collector lines are just counted.
    if (!worthDecoding(buffer, start, end)) return;
    const text = buffer.toString('utf8', start, end);
    if (KEPT.test(text)) this.kept.push(text);
  }
}

/** Values of the kept sample lines of one metric. */
function sampleValues(lines, name) {
  return lines.filter((l) => l.startsWith(name)).map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
}

/**
 * One GET /metrics; resolves with timing, size and the figures the bench reads from the body. With `gzip` it
 * asks for gzip as Prometheus does (and unpacks it here); `wireBytes` is what crossed the socket.
 */
export async function scrape(baseUrl, { gzip = false } = {}) {
  const started = performance.now();
  const headers = gzip ? { 'accept-encoding': 'gzip' } : {};
  const response = await request(`${baseUrl}/metrics`, { dispatcher: agent, headers });
  const scanner = new ExpositionScanner();
  let wireBytes = 0;
  const counted = async function* () {
    for await (const chunk of response.body) {
      wireBytes += chunk.length;
      yield chunk;
    }
  };
  const gzipped = response.headers['content-encoding'] === 'gzip';
  if (gzip && !gzipped) throw new Error('GET /metrics with Accept-Encoding: gzip was not answered with gzip');
  const body = gzipped ? gunzipped(counted()) : counted();
  for await (const chunk of body) scanner.feed(chunk);
  scanner.finish();
  const wallMs = performance.now() - started;
  if (response.statusCode !== 200) throw new Error(`GET /metrics answered ${response.statusCode}`);
  const lines = scanner.kept;
  const success = sampleValues(lines, 'huaweicloud_collector_success');
  return {
    wallMs,
    bytes: scanner.bytes,
    wireBytes,
    samples: scanner.samples,
    collectorsOk: success.length > 0 && success.every((v) => v === 1),
    collectorsReported: success.length,
    eventLoopLagMaxMs: (sampleValues(lines, 'nodejs_eventloop_lag_max_seconds')[0] ?? Number.NaN) * 1000,
    heapUsedBytes: sampleValues(lines, 'nodejs_heap_size_used_bytes').reduce((a, b) => a + b, 0),
  };
}

/** The unpacked stream of gzip `chunks` (an async iterable); a broken stream rejects the reader. */
function gunzipped(chunks) {
  const gunzip = createGunzip();
  const source = Readable.from(chunks);
  source.on('error', (error) => gunzip.destroy(error));
  return source.pipe(gunzip);
}

/** `count` scrapes at once (Prometheus HA pairs, several dashboards): each one's result and the total wall. */
export async function concurrentScrapes(baseUrl, count, options) {
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: count }, () => scrape(baseUrl, options)));
  return { wallMs: performance.now() - started, results };
}

export async function closeScrapers() {
  await agent.close();
}
