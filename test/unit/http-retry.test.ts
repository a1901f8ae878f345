import { describe, expect, it } from 'vitest';
import { backoffDelayMs, parseRetryAfter, retryReasonFor } from '../../src/huaweicloud/http/retry.js';

const settings = { max: 3, baseDelayMs: 200, maxDelayMs: 10_000 };

describe('backoffDelayMs (full jitter)', () => {
  it('draws from [0, base·2^(n-1)) scaled by random()', () => {
    expect(backoffDelayMs(1, settings, () => 0.5)).toBe(100);
    expect(backoffDelayMs(2, settings, () => 0.5)).toBe(200);
    expect(backoffDelayMs(3, settings, () => 0.5)).toBe(400);
    expect(backoffDelayMs(3, settings, () => 0)).toBe(0);
    expect(backoffDelayMs(3, settings, () => 0.999)).toBe(799);
  });

  it('never exceeds maxDelayMs however many retries', () => {
    expect(backoffDelayMs(20, settings, () => 0.999_999)).toBe(9_999);
    expect(backoffDelayMs(200, settings, () => 1)).toBe(10_000);
  });

  it('clamps a random source that strays outside [0, 1]', () => {
    expect(backoffDelayMs(1, settings, () => 7)).toBe(200);
    expect(backoffDelayMs(1, settings, () => -1)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date relative to now, a past date meaning now', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:03 GMT', now)).toBe(3_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('retryReasonFor', () => {
  const status = (s: number) => ({ kind: 'status' as const, status: s });
  const net = (o: { timeout?: boolean; beforeSend?: boolean; retryable?: boolean }) => ({
    kind: 'network' as const,
    timeout: o.timeout ?? false,
    beforeSend: o.beforeSend ?? false,
    retryable: o.retryable ?? true,
  });

  it('retries 429 and 500/502/503/504 on GET', () => {
    expect(retryReasonFor(status(429), 'GET')).toBe('throttled');
    for (const s of [500, 502, 503, 504]) expect(retryReasonFor(status(s), 'GET')).toBe('server_error');
  });

  it('never retries 400/401/403/404 or other statuses', () => {
    for (const s of [400, 401, 403, 404, 409, 501]) expect(retryReasonFor(status(s), 'GET')).toBeUndefined();
  });

  it('retries POST only when the server cannot have acted on it', () => {
    expect(retryReasonFor(status(429), 'POST')).toBe('throttled');
    expect(retryReasonFor(status(503), 'POST')).toBe('server_error');
    expect(retryReasonFor(status(500), 'POST')).toBeUndefined();
    expect(retryReasonFor(status(502), 'POST')).toBeUndefined();
    expect(retryReasonFor(net({ beforeSend: true }), 'POST')).toBe('network');
    expect(retryReasonFor(net({ beforeSend: false }), 'POST')).toBeUndefined();
  });

  it('retries network errors and timeouts on GET unless marked not retryable', () => {
    expect(retryReasonFor(net({}), 'GET')).toBe('network');
    expect(retryReasonFor(net({ timeout: true }), 'GET')).toBe('timeout');
    expect(retryReasonFor(net({ retryable: false }), 'GET')).toBeUndefined();
  });
});
