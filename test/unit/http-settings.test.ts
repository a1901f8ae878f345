import { describe, expect, it } from 'vitest';
import { isHuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { resolveTransportSettings, TRANSPORT_DEFAULTS } from '../../src/huaweicloud/http/settings.js';
import type { ClientOptions } from '../../src/huaweicloud/options.js';

function configError(options: Partial<ClientOptions>): string {
  try {
    resolveTransportSettings({ region: 'cn-north-4', ...options });
  } catch (e) {
    if (isHuaweiCloudError(e) && e.code === 'CONFIG') return e.message;
    throw e;
  }
  throw new Error('expected a CONFIG error');
}

describe('resolveTransportSettings', () => {
  it('fills every default', () => {
    const s = resolveTransportSettings({ region: 'cn-north-4' });
    expect(s.timeouts).toEqual(TRANSPORT_DEFAULTS.timeouts);
    expect(s.retries).toEqual(TRANSPORT_DEFAULTS.retries);
    expect(s.maxResponseBytes).toBe(16 * 1024 * 1024);
    expect(s.limitsFor('swr')).toEqual({ concurrency: 8, ratePerSecond: 20, burst: 20 });
  });

  it('merges partial overrides per service', () => {
    const s = resolveTransportSettings({
      region: 'cn-north-4',
      timeouts: { operationMs: 1_000 },
      retries: { max: 0 },
      limits: { hss: { concurrency: 2 } },
    });
    expect(s.timeouts.operationMs).toBe(1_000);
    expect(s.timeouts.connectMs).toBe(5_000);
    expect(s.retries).toEqual({ max: 0, baseDelayMs: 200, maxDelayMs: 10_000 });
    expect(s.limitsFor('hss')).toEqual({ concurrency: 2, ratePerSecond: 20, burst: 20 });
    expect(s.limitsFor('swr').concurrency).toBe(8);
  });

  it('names the bad option and value', () => {
    expect(configError({ timeouts: { connectMs: -1 } })).toBe(
      'options.timeouts.connectMs must be a positive number, got -1',
    );
    expect(configError({ retries: { max: 1.5 } })).toContain('options.retries.max');
    expect(configError({ maxResponseBytes: Number.NaN })).toContain('options.maxResponseBytes');
    expect(configError({ limits: { apig: { concurrency: 0 } } })).toContain(
      'options.limits.apig.concurrency',
    );
    expect(configError({ limits: { swr: { burst: 0.5 } } })).toBe(
      'options.limits.swr.burst must be at least 1',
    );
  });
});
