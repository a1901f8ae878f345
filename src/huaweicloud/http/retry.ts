// When to retry and how long to wait. Pure functions: the transport feeds them what happened and the clock.

import type { RetryReason } from '../observer.js';
import type { HttpMethod } from '../transport-types.js';
import type { RetrySettings } from './settings.js';

/** What went wrong with one attempt, as far as the retry decision cares. */
export type AttemptFailure =
  | { kind: 'status'; status: number }
  /** No usable response. `beforeSend`: the connection never opened, so the server cannot have acted on it. */
  | { kind: 'network'; timeout: boolean; beforeSend: boolean; retryable: boolean };

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
/** Statuses that promise the request was not processed, so even a POST may be repeated. */
const SAFE_FOR_POST = new Set([429, 503]);

/**
 * The reason to retry, or undefined when the failure must not be retried. 401/403 never are: Huawei locks an
 * AK after 5 failed signatures. POST (IAM token issue) is not idempotent, so it is repeated only when the
 * server cannot have acted on it.
 */
export function retryReasonFor(failure: AttemptFailure, method: HttpMethod): RetryReason | undefined {
  const idempotent = method !== 'POST';
  if (failure.kind === 'status') {
    if (!RETRYABLE_STATUS.has(failure.status)) return undefined;
    if (!idempotent && !SAFE_FOR_POST.has(failure.status)) return undefined;
    return failure.status === 429 ? 'throttled' : 'server_error';
  }
  if (!failure.retryable) return undefined;
  if (!idempotent && !failure.beforeSend) return undefined;
  return failure.timeout ? 'timeout' : 'network';
}

/**
 * Exponential backoff with full jitter: uniform in [0, min(max, base·2^(n-1))) for the n-th retry.
 * Full jitter spreads many exporters' retries after a shared throttling burst.
 */
export function backoffDelayMs(retryNumber: number, settings: RetrySettings, random: () => number): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

/** Huawei's advice after APIG.0308 throttling: try again in 2–5 s (API notes §2.6); sooner only meets the
 *  same per-second or per-minute limit again. */
export const THROTTLED_DELAY_MS = { min: 2_000, max: 5_000 } as const;

/**
 * The wait before retrying a 429 that came without Retry-After: uniform in Huawei's 2–5 s (jitter keeps
 * many exporters apart), never above maxDelayMs, which stays the operator's bound on any one wait.
 */
export function throttledDelayMs(settings: RetrySettings, random: () => number): number {
  const r = Math.min(Math.max(random(), 0), 1);
  const { min, max } = THROTTLED_DELAY_MS;
  return Math.min(settings.maxDelayMs, Math.floor(min + r * (max - min)));
}

const DELAY_SECONDS = /^\d{1,9}$/;

/**
 * `Retry-After` as milliseconds to wait: delay-seconds or an HTTP date (RFC 9110 §10.2.3). Undefined when
 * absent or unreadable; a date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (DELAY_SECONDS.test(text)) return Number(text) * 1000;
  // A bare number that is not delay-seconds (negative, fractional) is not a date either.
  if (/^[-+.\d]+$/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
