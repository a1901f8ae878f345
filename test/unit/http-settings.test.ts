import { describe, expect, it } from 'vitest';
import { isHuaweiCloudError } from '../../src/huaweicloud/errors.js';
import {
  DEFAULT_BUDGETS,
  resolveTransportSettings,
  TRANSPORT_DEFAULTS,
} from '../../src/huaweicloud/http/settings.js';
import type { ClientOptions } from '../../src/huaweicloud/options.js';
import { checkClientOptions } from '../../src/huaweicloud/options-check.js';

function configError(options: Partial<ClientOptions>): string {
  try {
    checkClientOptions({ region: 'cn-north-4', ...options });
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
    expect(s.limitsFor('swr')).toEqual({ concurrency: 8 });
    // HSS documents 5 calls/minute per user per API: one call every 12.5 s, never two back to back.
    expect(s.budgetFor('hss', 'ListRegistry')).toEqual({ ratePerSecond: 0.08, burst: 1 });
    expect(s.budgetFor('swr', 'ListInstance')).toEqual(DEFAULT_BUDGETS.swr);
  });

  it('takes a budget per operation, falling back to the service budget', () => {
    const s = resolveTransportSettings({
      region: 'cn-north-4',
      limits: { swr: { ratePerSecond: 4, operations: { ListInstance: { ratePerSecond: 1 } } } },
    });
    expect(s.budgetFor('swr', 'ListInstance')).toEqual({ ratePerSecond: 1, burst: 10 });
    expect(s.budgetFor('swr', 'ListInstanceRegistries')).toEqual({ ratePerSecond: 4, burst: 10 });
  });

  it("takes an operation's declared budget over the service's, and only the operation's own setting over it", () => {
    const declared = { ratePerSecond: 0.5, burst: 2 };
    const plain = resolveTransportSettings({ region: 'cn-north-4' });
    expect(plain.budgetFor('swr', 'ListReplication', declared)).toEqual(declared);
    const configured = resolveTransportSettings({
      region: 'cn-north-4',
      limits: { swr: { burst: 4, operations: { ListReplication: { ratePerSecond: 0.25 } } } },
    });
    expect(configured.budgetFor('swr', 'ListReplication', declared)).toEqual({
      ratePerSecond: 0.25,
      burst: 2,
    });
    // A service-wide override (meant for the undocumented calls) leaves a documented quota alone…
    const service = resolveTransportSettings({
      region: 'cn-north-4',
      limits: { swr: { ratePerSecond: 10 } },
    });
    expect(service.budgetFor('swr', 'ListReplication', declared)).toEqual(declared);
    expect(service.budgetFor('swr', 'ListInstance')).toEqual({ ratePerSecond: 10, burst: 10 });
    // …and only the operation's own setting turns it off.
    const off = resolveTransportSettings({
      region: 'cn-north-4',
      limits: { swr: { operations: { ListReplication: { ratePerSecond: 0 } } } },
    });
    expect(off.budgetFor('swr', 'ListReplication', declared)).toEqual({ ratePerSecond: 0, burst: 2 });
  });

  it('divides every budget across replicas, keeping at least one call of burst', () => {
    const s = resolveTransportSettings({ region: 'cn-north-4', replicas: 4 });
    expect(s.budgetFor('hss', 'ListRegistry')).toEqual({ ratePerSecond: 0.02, burst: 1 });
    expect(s.budgetFor('swr', 'ListInstance')).toEqual({ ratePerSecond: 2.5, burst: 2 });
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
    expect(s.limitsFor('hss')).toEqual({ concurrency: 2 });
    expect(s.budgetFor('hss', 'ListRegistry')).toEqual(DEFAULT_BUDGETS.hss);
    expect(s.limitsFor('swr').concurrency).toBe(8);
  });
});

describe('checkClientOptions', () => {
  it('accepts the defaults', () => {
    expect(() => checkClientOptions({ region: 'cn-north-4' })).not.toThrow();
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
    expect(configError({ limits: { swr: { ratePerSecond: 20_000 } } })).toBe(
      'options.limits.swr.ratePerSecond must be at most 10000, got 20000',
    );
    expect(configError({ limits: { hss: { operations: { ListRegistry: { burst: 0 } } } } })).toBe(
      'options.limits.hss.operations.ListRegistry.burst must be a positive number, got 0',
    );
    expect(configError({ limits: { hss: { operations: { 'List/Registry': {} } } } })).toContain(
      'options.limits.hss.operations',
    );
    expect(configError({ replicas: 0 })).toBe('options.replicas must be a positive integer number, got 0');
    expect(configError({ replicas: 5000 })).toBe('options.replicas must be at most 1000, got 5000');
    const assume = { domainName: 'business-unit-a', agencyName: 'monitoring' };
    expect(configError({ assume: { ...assume, durationSeconds: 899 } })).toBe(
      'options.assume.durationSeconds must be at least 900 (Huawei allows 15 min to 24 h), got 899',
    );
    expect(configError({ assume: { ...assume, durationSeconds: 86_401 } })).toBe(
      'options.assume.durationSeconds must be at most 86400, got 86401',
    );
    expect(configError({ assume: { ...assume, durationSeconds: 3600.5 } })).toContain(
      'options.assume.durationSeconds must be a positive integer',
    );
  });
});
