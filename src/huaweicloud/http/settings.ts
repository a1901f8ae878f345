// Transport settings: ClientOptions with every default filled in. Nothing is checked here: the options were
// checked once already (options-check.ts at createRegionApi; the config schema before that).

import type { ServiceName } from '../observer.js';
import type { CallBudget, ClientOptions, ServiceLimits } from '../options.js';

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
  limitsFor(service: ServiceName): Pick<ServiceLimits, 'concurrency'>;
  /**
   * The operation's call budget, already divided across replicas. Key by key: configured for the operation,
   * else configured for the service, else the operation's declared default (`declared`, OperationInfo.budget),
   * else the service's default.
   */
  budgetFor(service: ServiceName, operation: string, declared?: CallBudget): CallBudget;
}

/**
 * Default call budgets, per operation (docs/quotas.md gives each one's source). HSS documents 5 calls/minute
 * per user per API (hss_02_0005); 0.08/s is one call every 12.5 s, 4.8 a minute, so latency jitter can never
 * land a sixth call inside a minute. SWR, APIG and ROMA document no quota for these APIs: their 429s
 * (APIG.0308) quote per-second user limits, so the budgets are a few calls a second. IAM and ECS metadata are
 * called once per token or credential lifetime.
 */
export const DEFAULT_BUDGETS: Readonly<Record<ServiceName, CallBudget>> = {
  hss: { ratePerSecond: 0.08, burst: 1 },
  swr: { ratePerSecond: 10, burst: 10 },
  apig: { ratePerSecond: 5, burst: 5 },
  roma: { ratePerSecond: 5, burst: 5 },
  iam: { ratePerSecond: 20, burst: 20 },
  metadata: { ratePerSecond: 20, burst: 20 },
};

export const TRANSPORT_DEFAULTS = {
  timeouts: { connectMs: 5_000, headersMs: 10_000, bodyMs: 10_000, operationMs: 30_000 },
  retries: { max: 3, baseDelayMs: 200, maxDelayMs: 10_000 },
  maxResponseBytes: 16 * 1024 * 1024,
  // Connections are per service; call budgets per operation (DEFAULT_BUDGETS).
  concurrency: 8,
  replicas: 1,
} as const satisfies {
  timeouts: TransportTimeouts;
  retries: RetrySettings;
  maxResponseBytes: number;
  concurrency: number;
  replicas: number;
};

/** Replicas share the cloud's quota: each one gets its share of the rate, and of the burst (at least one). */
function share(budget: CallBudget, replicas: number): CallBudget {
  return {
    ratePerSecond: budget.ratePerSecond / replicas,
    burst: Math.max(1, Math.floor(budget.burst / replicas)),
  };
}

export function resolveTransportSettings(options: ClientOptions): TransportSettings {
  const d = TRANSPORT_DEFAULTS;
  const replicas = options.replicas ?? d.replicas;
  const limitsOf = (service: ServiceName): Partial<ServiceLimits> => options.limits?.[service] ?? {};
  return {
    timeouts: { ...d.timeouts, ...definedOnly(options.timeouts) },
    retries: { ...d.retries, ...definedOnly(options.retries) },
    maxResponseBytes: options.maxResponseBytes ?? d.maxResponseBytes,
    limitsFor: (service) => ({ concurrency: limitsOf(service).concurrency ?? d.concurrency }),
    budgetFor: (service, operation, declared) => {
      const given = limitsOf(service);
      const own = given.operations?.[operation] ?? {};
      // A declared budget is Huawei's documented quota for that one operation: a service-wide override (say,
      // to speed up the undocumented calls) must not lift it; only a setting for the operation itself does.
      const base = DEFAULT_BUDGETS[service];
      const budget: CallBudget = {
        ratePerSecond:
          own.ratePerSecond ?? declared?.ratePerSecond ?? given.ratePerSecond ?? base.ratePerSecond,
        burst: own.burst ?? declared?.burst ?? given.burst ?? base.burst,
      };
      return share(budget, replicas);
    },
  };
}

/** The keys a caller set (exactOptionalPropertyTypes lets `undefined` through), so defaults fill the rest. */
function definedOnly<T extends object>(given: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
