// Transport settings: ClientOptions with every default filled in and every number checked, so a bad value
// fails once, at construction, with the option's name — not as an odd timeout in the middle of a scrape.

import { configError } from '../config-error.js';
import type { ServiceName } from '../observer.js';
import type { ClientOptions, ServiceLimits } from '../options.js';

export interface TransportTimeouts {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
  /** The whole operation: every attempt, retry wait and limiter wait. */
  operationMs: number;
}

export interface RetrySettings {
  /** Retries after the first attempt. */
  max: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface TransportSettings {
  timeouts: TransportTimeouts;
  retries: RetrySettings;
  maxResponseBytes: number;
  limitsFor(service: ServiceName): ServiceLimits;
}

export const TRANSPORT_DEFAULTS = {
  timeouts: { connectMs: 5_000, headersMs: 10_000, bodyMs: 10_000, operationMs: 30_000 },
  retries: { max: 3, baseDelayMs: 200, maxDelayMs: 10_000 },
  maxResponseBytes: 16 * 1024 * 1024,
  // Huawei throttles per user across a service, so the cap is per service, not per operation.
  limits: { concurrency: 8, ratePerSecond: 20, burst: 20 },
} as const satisfies {
  timeouts: TransportTimeouts;
  retries: RetrySettings;
  maxResponseBytes: number;
  limits: ServiceLimits;
};

type NumberRule = 'positive' | 'non-negative' | 'non-negative-integer' | 'positive-integer';

function checked(name: string, value: number | undefined, fallback: number, rule: NumberRule): number {
  if (value === undefined) return fallback;
  const integer = rule.endsWith('integer');
  const positive = rule.startsWith('positive');
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (positive ? value > 0 : value >= 0) &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    throw configError(`options.${name} must be a ${rule.replaceAll('-', ' ')} number, got ${String(value)}`);
  }
  return value;
}

export function resolveTransportSettings(options: ClientOptions): TransportSettings {
  const t = options.timeouts ?? {};
  const r = options.retries ?? {};
  const d = TRANSPORT_DEFAULTS;
  const timeouts: TransportTimeouts = {
    connectMs: checked('timeouts.connectMs', t.connectMs, d.timeouts.connectMs, 'positive'),
    headersMs: checked('timeouts.headersMs', t.headersMs, d.timeouts.headersMs, 'positive'),
    bodyMs: checked('timeouts.bodyMs', t.bodyMs, d.timeouts.bodyMs, 'positive'),
    operationMs: checked('timeouts.operationMs', t.operationMs, d.timeouts.operationMs, 'positive'),
  };
  const retries: RetrySettings = {
    max: checked('retries.max', r.max, d.retries.max, 'non-negative-integer'),
    baseDelayMs: checked('retries.baseDelayMs', r.baseDelayMs, d.retries.baseDelayMs, 'non-negative'),
    maxDelayMs: checked('retries.maxDelayMs', r.maxDelayMs, d.retries.maxDelayMs, 'non-negative'),
  };
  const maxResponseBytes = checked(
    'maxResponseBytes',
    options.maxResponseBytes,
    d.maxResponseBytes,
    'positive-integer',
  );

  const limits = new Map<ServiceName, ServiceLimits>();
  for (const [service, given] of Object.entries(options.limits ?? {}) as [
    ServiceName,
    Partial<ServiceLimits>,
  ][]) {
    const at = `limits.${service}`;
    limits.set(service, {
      concurrency: checked(`${at}.concurrency`, given.concurrency, d.limits.concurrency, 'positive-integer'),
      ratePerSecond: checked(
        `${at}.ratePerSecond`,
        given.ratePerSecond,
        d.limits.ratePerSecond,
        'non-negative',
      ),
      burst: checked(`${at}.burst`, given.burst, d.limits.burst, 'positive'),
    });
    if ((limits.get(service)?.burst ?? 1) < 1) {
      // A bucket smaller than one token could never release a request.
      throw configError(`options.${at}.burst must be at least 1`);
    }
  }
  return {
    timeouts,
    retries,
    maxResponseBytes,
    limitsFor: (service) => limits.get(service) ?? { ...d.limits },
  };
}
