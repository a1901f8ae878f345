// A slow upstream per operation: answers that arrive after the scrape's deadline (latency) and bodies that
// drip in a few bytes at a time. The scrape still answers by its deadline; only the collectors waiting on the
// slow operation fail, with the deadline as the reason. Their refresh goes on in the background, bounded by
// the refresh deadline; once it has ended the data is back exactly as before.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Baseline,
  type FaultKind,
  OPERATIONS,
  runFaultCase,
  takeBaseline,
} from './helpers/fault-matrix.js';
import { type Harness, startHarness, watchProcessFailures } from './helpers/harness.js';

// Budget = 0.5 s − the harness's 50 ms offset; a healthy scrape of the test estate takes a few tens of ms.
const SCRAPE_TIMEOUT_SECONDS = 0.5;
/** A background refresh stuck on the slow upstream is cut off after this (it must be ≥ max_timeout). */
const SCRAPE_SETTINGS = {
  timeout_offset: '50ms',
  max_timeout: '1s',
  refresh_timeout: '1s',
  discovery_ttl: '1ms',
};
const KINDS: FaultKind[] = [
  {
    name: 'latency past the deadline',
    spec: { latencyMs: 2_000 },
    reason: /scrape deadline of 0\.45s exceeded; the refresh goes on in the background/,
    scrapeTimeoutSeconds: SCRAPE_TIMEOUT_SECONDS,
    logMessage: 'collector refresh outlasted a scrape deadline',
  },
  {
    name: 'slow body',
    spec: { dripRate: 1, dripChunkBytes: 8, dripIntervalMs: 100 },
    reason: /scrape deadline of 0\.45s exceeded; the refresh goes on in the background/,
    scrapeTimeoutSeconds: SCRAPE_TIMEOUT_SECONDS,
    logMessage: 'collector refresh outlasted a scrape deadline',
  },
];

let h: Harness;
let baseline: Baseline;
const watch = watchProcessFailures();

beforeAll(async () => {
  h = await startHarness({ config: { scrape: SCRAPE_SETTINGS } });
  baseline = await takeBaseline(h);
});
afterAll(async () => {
  await h?.close();
  watch.stop();
});

describe.each(KINDS)('$name', (kind) => {
  it.each(OPERATIONS)('on %s fails only its collectors, then recovers', async (target, affected) => {
    await runFaultCase(h, baseline, target, affected, kind);
    expect(watch.failures).toEqual([]);
  });
});
