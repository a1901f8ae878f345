// Upstream error answers per operation: 500, 503, 429 with and without Retry-After, connection resets. The
// affected collector fails with a reason naming the operation, the others keep succeeding, nothing is
// rejected unhandled, and the data is back unchanged on the first scrape after the fault clears.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Baseline,
  type FaultKind,
  OPERATIONS,
  runFaultCase,
  takeBaseline,
} from './helpers/fault-matrix.js';
import { type Harness, startHarness, watchProcessFailures } from './helpers/harness.js';

const KINDS: FaultKind[] = [
  { name: 'HTTP 500', spec: { error500Rate: 1 }, reason: /HTTP_ERROR.*HTTP 500/ },
  { name: 'HTTP 503', spec: { error503Rate: 1 }, reason: /HTTP_ERROR.*HTTP 503/ },
  { name: 'HTTP 429 without Retry-After', spec: { throttleRate: 1 }, reason: /THROTTLED.*HTTP 429/ },
  // A Retry-After past the deadline is remembered, so it cannot recover at the next scrape: see 'Retry-After'.
  { name: 'connection reset', spec: { resetRate: 1 }, reason: /NETWORK.*network error/ },
];

let h: Harness;
let baseline: Baseline;
const watch = watchProcessFailures();

beforeAll(async () => {
  h = await startHarness();
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

describe('retries', () => {
  it('a 429 with a short Retry-After is waited out and the scrape succeeds', async () => {
    h.sim.requestLog.reset();
    h.sim.faults.set('hss.ListRegistry', { throttleRate: 1, retryAfterSeconds: 0, count: 1 });
    const answer = await h.scrape();
    expect(answer.body).toContain(
      'huaweicloud_collector_success{collector="hss_registries",region="cn-north-4"} 1',
    );
    expect(h.sim.requestLog.summary()['hss.ListRegistry']?.statuses).toEqual({ '200': 1, '429': 1 });
  });

  it('a reset once is retried: the collector succeeds, upstream saw two calls', async () => {
    h.sim.requestLog.reset();
    h.sim.faults.set('apig.ListSignatureKeysV2', { resetRate: 1, count: 1 });
    const answer = await h.scrape();
    expect(answer.body).toContain(
      'huaweicloud_collector_success{collector="apig_signature_keys",region="cn-north-4"} 1',
    );
    expect(h.sim.requestLog.summary()['apig.ListSignatureKeysV2']?.statuses['0']).toBe(1);
  });
});

describe('Retry-After beyond the deadline', () => {
  it('is not waited for, and holds the operation: later refreshes fail unsent, the others go on', async () => {
    const own = await startHarness();
    try {
      own.sim.faults.set('hss.ListRegistry', { throttleRate: 1, retryAfterSeconds: 120, count: 1 });
      const first = await own.scrape();
      expect(first.body).toContain(
        'huaweicloud_collector_success{collector="hss_registries",region="cn-north-4"} 0',
      );
      expect(own.sim.requestLog.summary()['hss.ListRegistry']?.statuses).toEqual({ '429': 1 });
      // The fault is spent, but Huawei asked for 120 s of quiet: the next refreshes send nothing.
      const next = await own.scrape();
      expect(next.body).toContain(
        'huaweicloud_collector_success{collector="hss_registries",region="cn-north-4"} 0',
      );
      expect(next.body).toContain(
        'huaweicloud_collector_success{collector="swr_registries",region="cn-north-4"} 1',
      );
      expect(own.sim.requestLog.count('hss.ListRegistry')).toBe(1);
      const reason = own.exporter.status().find((s) => s.name === 'hss_registries')?.lastError ?? '';
      expect(reason).toMatch(
        /THROTTLED.*ListRegistry: not sent: held for 1[12]\d s after a 429 with Retry-After/,
      );
      expect(watch.failures).toEqual([]);
    } finally {
      await own.close();
    }
  });
});

describe('reasons', () => {
  it('state the upstream status, error code and request id once', async () => {
    h.sim.faults.set('hss.ListRegistry', { error500Rate: 1 });
    await h.scrape();
    h.sim.faults.clear();
    const reason = h.exporter.status().find((s) => s.name === 'hss_registries')?.lastError ?? '';
    expect(reason).toContain('HTTP 500');
    expect(reason.split('HTTP 500')).toHaveLength(2);
    const requestId = /request id (\w+)/.exec(reason)?.[1] ?? '';
    expect(reason.split(requestId)).toHaveLength(2);
  });
});
