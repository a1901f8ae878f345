// Transport settings: ClientOptions with every default filled in and every number checked, so a bad value
// fails once, at construction, with the option's name — not as an odd timeout in the middle of a scrape.

import { configError } from '../config-error.js';
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
  /** The operation's call budget, already divided across replicas. */
  budgetFor(service: ServiceName, operation: string): CallBudget;
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

/** Upper bounds that catch a unit mistake (ms for s) before it becomes a limiter that never limits. */
const MAX_RATE_PER_SECOND = 10_000;
const MAX_BURST = 10_000;
const MAX_REPLICAS = 1_000;
const OPERATION_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

type NumberRule = 'positive' | 'non-negative' | 'non-negative-integer' | 'positive-integer';

function checked(
  name: string,
  value: number | undefined,
  fallback: number,
  rule: NumberRule,
  max = Number.POSITIVE_INFINITY,
): number {
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
  if (value > max) throw configError(`options.${name} must be at most ${max}, got ${value}`);
  return value;
}

function checkedBudget(at: string, given: Partial<CallBudget>, fallback: CallBudget): CallBudget {
  const budget = {
    ratePerSecond: checked(
      `${at}.ratePerSecond`,
      given.ratePerSecond,
      fallback.ratePerSecond,
      'non-negative',
      MAX_RATE_PER_SECOND,
    ),
    burst: checked(`${at}.burst`, given.burst, fallback.burst, 'positive', MAX_BURST),
  };
  // A bucket smaller than one token could never release a request.
  if (budget.burst < 1) throw configError(`options.${at}.burst must be at least 1`);
  return budget;
}

/** Replicas share the cloud's quota: each one gets its share of the rate, and of the burst (at least one). */
function share(budget: CallBudget, replicas: number): CallBudget {
  return {
    ratePerSecond: budget.ratePerSecond / replicas,
    burst: Math.max(1, Math.floor(budget.burst / replicas)),
  };
}

interface ResolvedService {
  concurrency: number;
  budget: CallBudget;
  operations: Map<string, CallBudget>;
}

function resolveService(service: ServiceName, given: Partial<ServiceLimits>): ResolvedService {
  const at = `limits.${service}`;
  const d = TRANSPORT_DEFAULTS;
  const budget = checkedBudget(at, given, DEFAULT_BUDGETS[service]);
  const operations = new Map<string, CallBudget>();
  for (const [operation, own] of Object.entries(given.operations ?? {})) {
    if (!OPERATION_NAME.test(operation)) {
      throw configError(`options.${at}.operations: "${operation.slice(0, 64)}" is not an operation name`);
    }
    // A rate given alone keeps the service's burst; one below it would otherwise be a burst of the old size.
    operations.set(operation, checkedBudget(`${at}.operations.${operation}`, own, budget));
  }
  return {
    concurrency: checked(`${at}.concurrency`, given.concurrency, d.concurrency, 'positive-integer'),
    budget,
    operations,
  };
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
  const replicas = checked('replicas', options.replicas, d.replicas, 'positive-integer', MAX_REPLICAS);

  const services = new Map<ServiceName, ResolvedService>();
  for (const [service, given] of Object.entries(options.limits ?? {}) as [
    ServiceName,
    Partial<ServiceLimits>,
  ][]) {
    services.set(service, resolveService(service, given));
  }
  const serviceOf = (service: ServiceName): ResolvedService =>
    services.get(service) ?? resolveService(service, {});
  return {
    timeouts,
    retries,
    maxResponseBytes,
    limitsFor: (service) => ({ concurrency: serviceOf(service).concurrency }),
    budgetFor: (service, operation) => {
      const s = serviceOf(service);
      return share(s.operations.get(operation) ?? s.budget, replicas);
    },
  };
}
