import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import type { RequestDoneEvent } from '../../src/huaweicloud/observer.js';
import { find, value } from './collectors-exposition.js';

const done = (extra: Partial<RequestDoneEvent>): RequestDoneEvent => ({
  service: 'swr',
  operation: 'ListInstanceSignPolicyExecutions',
  status: 200,
  errorCode: undefined,
  durationSeconds: 0.12,
  attempt: 1,
  ...extra,
});

describe('API metrics observer', () => {
  it('shows the current call budget per region and operation, following each change', async () => {
    const observer = createApiMetricsObserver({ processMetrics: false });
    const at = { region: 'cn-north-4', service: 'hss' as const, operation: 'ListRegistry' };
    observer.budget?.({ ...at, ratePerSecond: 0.08 });
    observer.budget?.({ ...at, region: 'ap-southeast-1', ratePerSecond: 0.08 });
    observer.budget?.({ ...at, ratePerSecond: 0.04 });
    const text = await observer.render();
    expect(value(text, 'huaweicloud_api_budget_calls_per_second', at)).toBe(0.04);
    expect(value(text, 'huaweicloud_api_budget_calls_per_second', { ...at, region: 'ap-southeast-1' })).toBe(
      0.08,
    );
  });

  it('counts requests by status, errors by upstream code and retries by reason', async () => {
    const observer = createApiMetricsObserver({ processMetrics: false, version: '1.2.3', revision: 'abc' });
    const op = { service: 'swr', operation: 'ListInstanceSignPolicyExecutions' };
    observer.requestDone?.(done({}));
    observer.requestDone?.(done({ status: 429, errorCode: 'APIG.0308', durationSeconds: 0.01 }));
    observer.requestDone?.(done({ status: 503 }));
    observer.requestDone?.(done({ status: 0, durationSeconds: 2 }));
    observer.retry?.({ ...op, service: 'swr', reason: 'throttled', attempt: 1, delayMs: 100 });
    const text = await observer.render();

    expect(value(text, 'huaweicloud_api_requests_total', { ...op, code: '200' })).toBe(1);
    expect(value(text, 'huaweicloud_api_requests_total', { ...op, code: '429' })).toBe(1);
    expect(value(text, 'huaweicloud_api_requests_total', { ...op, code: '0' })).toBe(1);
    expect(find(text, 'huaweicloud_api_errors_total').map((s) => s.labels.error_code)).toEqual([
      'APIG.0308',
      'http_503',
      'no_response',
    ]);
    expect(value(text, 'huaweicloud_api_retries_total', { ...op, reason: 'throttled' })).toBe(1);
    expect(value(text, 'huaweicloud_api_request_duration_seconds_count', op)).toBe(4);
    expect(value(text, 'huaweicloud_api_request_duration_seconds_bucket', { ...op, le: '0.025' })).toBe(1);
    expect(value(text, 'huaweicloud_exporter_build_info', { version: '1.2.3', revision: 'abc' })).toBe(1);
    expect(find(text, 'process_cpu_seconds_total')).toEqual([]);
  });

  it('counts throttled answers and the seconds requests were held back, by cause', async () => {
    const observer = createApiMetricsObserver({ processMetrics: false });
    const op = { service: 'hss', operation: 'ListRegistry' } as const;
    observer.throttled?.({ ...op, retryAfter: true });
    observer.throttled?.({ ...op, retryAfter: false });
    observer.waited?.({ ...op, cause: 'rate_limit', waitedMs: 250 });
    observer.waited?.({ ...op, cause: 'rate_limit', waitedMs: 1500 });
    observer.waited?.({ ...op, cause: 'concurrency', waitedMs: 40 });
    observer.waited?.({ ...op, cause: 'concurrency', waitedMs: Number.NaN });
    observer.waited?.({ ...op, cause: 'concurrency', waitedMs: -5 });
    const text = await observer.render();

    expect(value(text, 'huaweicloud_api_throttled_total', op)).toBe(2);
    expect(value(text, 'huaweicloud_api_wait_seconds_total', { ...op, cause: 'rate_limit' })).toBe(1.75);
    expect(value(text, 'huaweicloud_api_wait_seconds_total', { ...op, cause: 'concurrency' })).toBe(0.04);
    expect(text).toContain('# TYPE huaweicloud_api_throttled_total counter');
    expect(text).toContain('# TYPE huaweicloud_api_wait_seconds_total counter');
  });

  it('keeps hostile upstream error codes short and printable, and never throws', async () => {
    const observer = createApiMetricsObserver({ processMetrics: false });
    observer.requestDone?.(done({ status: 400, errorCode: `X\n${'A'.repeat(500)}` }));
    expect(() => observer.requestDone?.(done({ operation: undefined as never }))).not.toThrow();
    expect(() =>
      observer.throttled?.({ service: 'swr', operation: null as never, retryAfter: false }),
    ).not.toThrow();
    expect(() =>
      observer.waited?.({ service: 'swr', operation: 'X', cause: undefined as never, waitedMs: 1 }),
    ).not.toThrow();
    const codes = find(await observer.render(), 'huaweicloud_api_errors_total').map(
      (s) => s.labels.error_code,
    );
    expect(codes).toEqual([`X${'A'.repeat(63)}`]);
  });

  it('registers into a given registry, with process metrics by default', async () => {
    const registry = new Registry();
    const observer = createApiMetricsObserver({ registry });
    expect(observer.registry).toBe(registry);
    const text = await registry.metrics();
    expect(find(text, 'process_cpu_seconds_total')).toHaveLength(1);
    expect(text).not.toContain('nodejs_active_handles_total');
    expect(value(text, 'huaweicloud_exporter_build_info', { revision: 'unknown' })).toBe(1);
    expect(find(text, 'huaweicloud_exporter_build_info')[0]?.labels.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
