// The one check of ClientOptions' numbers, run once by createRegionApi. The exporter's options come from the
// parsed config (config/schema.ts validated them, with the config's own, tighter ranges, naming the YAML key),
// so for it this is a no-op; it is here for programmatic callers (tests, scripts), so that a unit mistake
// (ms for s) or a NaN fails at construction naming the option, not as an odd timeout mid-scrape. Defaults are
// filled elsewhere (http/settings.ts), without checking again. region, projectId and maxPages are checked
// by createRegionOperations (operations/region.ts), the other entry point, which createRegionApi goes through.

import { configError } from './config-error.js';
import {
  AGENCY_DURATION_SECONDS,
  type CallBudget,
  type ClientOptions,
  type ServiceLimits,
} from './options.js';

/** Upper bounds that catch a unit mistake before it becomes a limiter that never limits. */
const MAX_RATE_PER_SECOND = 10_000;
const MAX_BURST = 10_000;
const MAX_REPLICAS = 1_000;
const OPERATION_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

type NumberRule = 'positive' | 'non-negative' | 'non-negative-integer' | 'positive-integer';

function check(name: string, value: unknown, rule: NumberRule, max = Number.POSITIVE_INFINITY): void {
  if (value === undefined) return;
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
  if ((value as number) > max) throw configError(`options.${name} must be at most ${max}, got ${value}`);
}

function checkBudget(at: string, budget: Partial<CallBudget>): void {
  check(`${at}.ratePerSecond`, budget.ratePerSecond, 'non-negative', MAX_RATE_PER_SECOND);
  check(`${at}.burst`, budget.burst, 'positive', MAX_BURST);
  // A bucket smaller than one token could never release a request.
  if (budget.burst !== undefined && budget.burst < 1)
    throw configError(`options.${at}.burst must be at least 1`);
}

function checkService(at: string, given: Partial<ServiceLimits>): void {
  checkBudget(at, given);
  check(`${at}.concurrency`, given.concurrency, 'positive-integer');
  for (const [operation, own] of Object.entries(given.operations ?? {})) {
    if (!OPERATION_NAME.test(operation)) {
      throw configError(`options.${at}.operations: "${operation.slice(0, 64)}" is not an operation name`);
    }
    checkBudget(`${at}.operations.${operation}`, own);
  }
}

/** Throws a CONFIG HuaweiCloudError naming the first option out of range; returns nothing otherwise. */
export function checkClientOptions(options: ClientOptions): void {
  const t = options.timeouts ?? {};
  for (const key of ['connectMs', 'headersMs', 'bodyMs', 'operationMs'] as const) {
    check(`timeouts.${key}`, t[key], 'positive');
  }
  const r = options.retries ?? {};
  check('retries.max', r.max, 'non-negative-integer');
  check('retries.baseDelayMs', r.baseDelayMs, 'non-negative');
  check('retries.maxDelayMs', r.maxDelayMs, 'non-negative');
  check('maxResponseBytes', options.maxResponseBytes, 'positive-integer');
  check('replicas', options.replicas, 'positive-integer', MAX_REPLICAS);
  for (const [service, given] of Object.entries(options.limits ?? {})) {
    if (given !== undefined) checkService(`limits.${service}`, given);
  }
  const seconds = options.assume?.durationSeconds;
  check('assume.durationSeconds', seconds, 'positive-integer', AGENCY_DURATION_SECONDS.max);
  if (seconds !== undefined && seconds < AGENCY_DURATION_SECONDS.min) {
    throw configError(
      `options.assume.durationSeconds must be at least ${AGENCY_DURATION_SECONDS.min} (Huawei allows 15 min to 24 h), got ${seconds}`,
    );
  }
}
