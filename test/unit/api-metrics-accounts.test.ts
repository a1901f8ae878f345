// huaweicloud_api_* with `accounts` configured (docs/accounts.md): the clients of one account report through
// forAccount(<name>), so their series carry account="<name>" as the first label, kept apart from another
// account's calls to the same operation; the observer itself (no accounts) adds no label.

import { describe, expect, it } from 'vitest';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';

const DONE = {
  service: 'swr' as const,
  operation: 'ListInstance',
  status: 429,
  errorCode: 'SWR.0429',
  durationSeconds: 0.2,
  attempt: 1,
};

/** Every sample line of the huaweicloud_api_* families in an exposition. */
function apiLines(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('huaweicloud_api_'));
}

function feed(observer: ReturnType<ReturnType<typeof createApiMetricsObserver>['forAccount']>): void {
  observer.requestDone?.(DONE);
  observer.retry?.({
    service: 'swr',
    operation: 'ListInstance',
    reason: 'throttled',
    attempt: 1,
    delayMs: 5,
  });
  observer.throttled?.({ service: 'swr', operation: 'ListInstance', retryAfter: false });
  observer.waited?.({ service: 'swr', operation: 'ListInstance', cause: 'rate_limit', waitedMs: 250 });
  observer.budget?.({ region: 'cn-north-4', service: 'swr', operation: 'ListInstance', ratePerSecond: 4 });
  observer.recordsDegraded?.({
    service: 'swr',
    operation: 'ListInstance',
    skipped: [{ reason: 'identity_missing', path: 'instances[0].id' }],
    unreadable: [{ field: 'instances[].created_at', path: 'instances[1].created_at' }],
  });
}

describe('huaweicloud_api_* per account', () => {
  it("labels every series of an account's clients with the account, first (after a bucket's le)", async () => {
    const metrics = createApiMetricsObserver({ processMetrics: false });
    feed(metrics.forAccount('unit-a'));
    feed(metrics.forAccount('ops'));
    const lines = apiLines(await metrics.render());
    const families = new Set(lines.map((line) => line.slice(0, line.indexOf('{'))));
    // requests, duration (bucket/sum/count), errors, retries, throttled, wait, budget, skipped, unreadable
    expect(families.size).toBe(11);
    // prom-client writes a histogram bucket's `le` first; the account follows it.
    for (const line of lines) expect(line).toMatch(/^[a-z_]+\{(le="[^"]+",)?account="(unit-a|ops)",/);
    const requests = lines.filter((line) => line.startsWith('huaweicloud_api_requests_total{'));
    expect(requests).toEqual([
      'huaweicloud_api_requests_total{account="unit-a",service="swr",operation="ListInstance",code="429"} 1',
      'huaweicloud_api_requests_total{account="ops",service="swr",operation="ListInstance",code="429"} 1',
    ]);
  });

  it('hands out one observer per account, and none of its labels without accounts', async () => {
    const metrics = createApiMetricsObserver({ processMetrics: false });
    expect(metrics.forAccount('unit-a')).toBe(metrics.forAccount('unit-a'));
    feed(metrics);
    const lines = apiLines(await metrics.render());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain('account=');
    expect(lines).toContain(
      'huaweicloud_api_requests_total{service="swr",operation="ListInstance",code="429"} 1',
    );
  });
});
