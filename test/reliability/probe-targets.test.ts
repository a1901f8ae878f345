// Made-up /probe targets and targets that do not exist (issue 23), against the simulator over HTTP:
// - 5,000 invented instance ids are answered 400 without a signed upstream call each (the discovery list is
//   read once) and without filling the probe engines, so real targets keep their caches;
// - with scrape.probe_unlisted_targets, an instance the cloud answers 404 for fails (probe_success 0), never
//   success with no series (a typo in a static list on /metrics: test/unit/collectors-configured-missing).

import { afterEach, describe, expect, it } from 'vitest';
import { collectorSuccess } from './helpers/exposition.js';
import { type Harness, startHarness, watchProcessFailures } from './helpers/harness.js';

const MADE_UP = 5000;
const CONCURRENCY = 50;
/** Caches and discovery reused as in production (the harness default re-reads everything on every scrape). */
const PRODUCTION_TTLS = {
  collectors: {},
  scrape: { timeout_offset: '50ms', max_timeout: '5s', discovery_ttl: '5m' },
};

const harnesses: Harness[] = [];
const watch = watchProcessFailures();
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
  expect(watch.failures).toEqual([]);
});

async function harness(config: Record<string, unknown>): Promise<Harness> {
  const h = await startHarness({ config, logLevel: 'warn' });
  harnesses.push(h);
  return h;
}

const probe = (h: Harness, target: string) => h.get(`/probe?target=${encodeURIComponent(target)}`);

function signedCalls(h: Harness): number {
  return Object.values(h.sim.requestLog.summary()).reduce((sum, s) => sum + s.calls, 0);
}

describe('made-up probe targets', () => {
  it(`${MADE_UP} invented instance ids: 400 each, no upstream call each, real targets keep their caches`, async () => {
    const h = await harness(PRODUCTION_TTLS);
    const region = h.sim.regions[0]?.name as string;
    const targets = JSON.parse((await h.get('/targets')).body) as Array<{ labels: { target: string } }>;
    const real = targets.map((t) => t.labels.target).find((t) => t.includes('/swr_signing/')) as string;
    expect((await probe(h, real)).status).toBe(200);
    const before = signedCalls(h);

    const statuses: Record<number, number> = {};
    let sample = '';
    for (let i = 0; i < MADE_UP; i += CONCURRENCY) {
      const answers = await Promise.all(
        Array.from({ length: CONCURRENCY }, (_, j) => probe(h, `${region}/swr_signing/made-up-${i + j}`)),
      );
      for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
      sample = answers[0]?.body ?? '';
    }
    expect(statuses).toEqual({ 400: MADE_UP });
    expect(sample).toContain('neither configured nor discovered');
    expect(signedCalls(h)).toBe(before); // discovery was still fresh: not one upstream call

    // The real target's engine was not evicted: it answers from its cache, still without an upstream call.
    const again = await probe(h, real);
    expect(again.status).toBe(200);
    expect(again.body).toContain('huaweicloud_probe_success 1');
    expect(signedCalls(h)).toBe(before);
  });
});

describe('targets that do not exist fail, with a reason', () => {
  it('probe of an unknown instance with scrape.probe_unlisted_targets: probe_success 0', async () => {
    const h = await harness({ scrape: { ...PRODUCTION_TTLS.scrape, probe_unlisted_targets: true } });
    const region = h.sim.regions[0]?.name as string;
    const answer = await probe(h, `${region}/swr_signing/no-such-instance`);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('huaweicloud_probe_success 0');
    expect(collectorSuccess(answer.body)).toEqual({ [`swr_signing/${region}`]: 0 });
    expect(h.logs.join('\n')).toContain('SWR instance no-such-instance is configured (or the probe target)');
  });
});
