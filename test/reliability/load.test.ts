// Many scrapers at once on loopback while upstream is slow: the engine's single flight and caches keep the
// upstream calls at what one scrape costs, /-/healthy keeps answering, and scrapes beyond --web.max-requests
// are refused with 503 instead of queueing.

import { afterEach, describe, expect, it } from 'vitest';
import { collectorSuccess } from './helpers/exposition.js';
import { gateScrapes } from './helpers/gate.js';
import { type Harness, startHarness, watchProcessFailures } from './helpers/harness.js';

/** Realistic caching: the collectors' own TTLs (30 s and up), so a scrape after a run reads the cache. */
const DEFAULT_TTLS = {
  collectors: {},
  scrape: { timeout_offset: '50ms', max_timeout: '20s' },
};
const SCRAPERS = 50;

const harnesses: Harness[] = [];
const watch = watchProcessFailures();
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
  expect(watch.failures).toEqual([]);
});

async function harness(options: Parameters<typeof startHarness>[0]): Promise<Harness> {
  const h = await startHarness(options);
  harnesses.push(h);
  return h;
}

function callsPerOperation(h: Harness): Record<string, number> {
  return Object.fromEntries(Object.entries(h.sim.requestLog.summary()).map(([op, s]) => [op, s.calls]));
}

describe('concurrent scrapers', () => {
  it(`${SCRAPERS} scrapers during a slow upstream cost the upstream calls of one scrape`, async () => {
    // Reference: one scrape of an identical estate (same seed) with a cold cache.
    const reference = await harness({ config: DEFAULT_TTLS });
    expect((await reference.scrape(15)).status).toBe(200);
    const oneScrape = callsPerOperation(reference);

    // Above the default --web.max-requests (40): this test is about the upstream, not the limit.
    const h = await harness({ config: DEFAULT_TTLS, maxRequests: 2 * SCRAPERS });
    h.sim.faults.set('*', { latencyMs: 150, jitterMs: 100 });
    const scrapes = Array.from({ length: SCRAPERS }, () => h.scrape(15));
    // While every scrape waits on upstream, the process still answers its health checks.
    const [healthy, ready] = await Promise.all([h.get('/-/healthy'), h.get('/-/ready')]);
    const answers = await Promise.all(scrapes);

    expect(healthy.status).toBe(200);
    expect(ready.status).toBe(200);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(Object.values(collectorSuccess(answer.body))).toEqual([1, 1, 1, 1]);
    }
    expect(callsPerOperation(h)).toEqual(oneScrape);
    // Every scrape served the same data.
    expect(
      new Set(
        answers.map((a) =>
          a.body
            .split('\n')
            .filter((l) => l.startsWith('huaweicloud_swr_'))
            .join('\n'),
        ),
      ).size,
    ).toBe(1);
  });
});

describe('single flight without caching', () => {
  it('scrapes that arrive together share one upstream run even with 1 ms TTLs', async () => {
    const reference = await harness({});
    expect((await reference.scrape(10)).status).toBe(200);
    const oneScrape = callsPerOperation(reference);

    let gate: ReturnType<typeof gateScrapes> | undefined;
    const h = await harness({
      maxRequests: 0,
      wrap: (exporter) => {
        gate = gateScrapes(exporter);
        return gate.exporter;
      },
    });
    if (gate === undefined) throw new Error('the harness did not wrap the exporter');
    h.sim.faults.set('*', { latencyMs: 100 });
    const scrapes = Array.from({ length: SCRAPERS }, () => h.scrape(10));
    await gate.whenWaiting(SCRAPERS);
    gate.open();
    for (const answer of await Promise.all(scrapes)) {
      expect(answer.status).toBe(200);
      expect(Object.values(collectorSuccess(answer.body))).toEqual([1, 1, 1, 1]);
    }
    expect(callsPerOperation(h)).toEqual(oneScrape);
  });
});

describe('--web.max-requests', () => {
  it('answers 503 to scrapes beyond the limit while the limit is busy, and serves again after', async () => {
    const limit = 4;
    let gate: ReturnType<typeof gateScrapes> | undefined;
    const h = await harness({
      maxRequests: limit,
      wrap: (exporter) => {
        gate = gateScrapes(exporter);
        return gate.exporter;
      },
    });
    if (gate === undefined) throw new Error('the harness did not wrap the exporter');
    const held = Array.from({ length: limit }, () => h.scrape(10));
    await gate.whenWaiting(limit);

    const over = await Promise.all(Array.from({ length: 6 }, () => h.scrape(10)));
    for (const answer of over) {
      expect(answer.status).toBe(503);
      expect(answer.body).toContain(`too many concurrent scrapes (limit ${limit}, --web.max-requests)`);
    }
    expect((await h.get('/-/healthy')).status).toBe(200);
    expect(gate.waiting).toBe(limit);

    gate.open();
    for (const answer of await Promise.all(held)) {
      expect(answer.status).toBe(200);
      expect(Object.values(collectorSuccess(answer.body))).toEqual([1, 1, 1, 1]);
    }
    expect((await h.scrape()).status).toBe(200);
  });
});
