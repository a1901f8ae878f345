import { describe, expect, it } from 'vitest';
import { parseEpochMillis, parseTimestamp, parseUnixTimestamp } from '../../src/huaweicloud/timestamps.js';

function ok(result: ReturnType<typeof parseTimestamp>): string | null {
  if (!result.ok) throw new Error(`unexpected rejection: ${result.reason}`);
  return result.value === null ? null : result.value.toISOString();
}

function reason(result: ReturnType<typeof parseTimestamp>): string {
  if (result.ok) throw new Error('expected a rejection');
  return result.reason;
}

describe('date-time layouts', () => {
  it.each([
    ['2020-12-01T07:06:35Z', '2020-12-01T07:06:35.000Z'],
    ['2020-12-03T12:21:38.5Z', '2020-12-03T12:21:38.500Z'],
    ['2020-12-03T12:21:38.51851Z', '2020-12-03T12:21:38.518Z'],
    ['2018-02-07T02:00:27.964766Z', '2018-02-07T02:00:27.964Z'],
    ['2020-12-03T12:21:38.123456789Z', '2020-12-03T12:21:38.123Z'],
    ['2020-12-03T12:21:38.999999999Z', '2020-12-03T12:21:38.999Z'],
    ['2024-05-01T10:00:00+08:00', '2024-05-01T02:00:00.000Z'],
    ['2024-05-01T10:00:00.25-05:30', '2024-05-01T15:30:00.250Z'],
    ['2024-05-01T00:00:00-00:00', '2024-05-01T00:00:00.000Z'],
    ['2024-05-01t00:00:00z', '2024-05-01T00:00:00.000Z'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
    ['0001-01-02T00:00:00Z', '0001-01-02T00:00:00.000Z'],
    // the Go SDK's SdkTime layouts: no zone and a space for T are UTC; fractions after any of them
    ['2020-12-03T12:21:38', '2020-12-03T12:21:38.000Z'],
    ['2020-12-03T12:21:38.123456', '2020-12-03T12:21:38.123Z'],
    ['2020-12-03 12:21:38', '2020-12-03T12:21:38.000Z'],
    ['2020-12-03 12:21:38.5', '2020-12-03T12:21:38.500Z'],
    ['2020-12-03 12:21:38Z', '2020-12-03T12:21:38.000Z'],
    // +0800-style offsets
    ['2020-12-03T12:21:38+0800', '2020-12-03T04:21:38.000Z'],
    ['2020-12-03T12:21:38.5-0130', '2020-12-03T13:51:38.500Z'],
    // Go's time.Time.String(): `2006-01-02 15:04:05.999999999 -0700 MST`
    ['2024-05-01 10:00:00.123456789 +0800 CST', '2024-05-01T02:00:00.123Z'],
    ['2024-05-01 10:00:00 +0000 UTC', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01 10:00:00 -0300 -03', '2024-05-01T13:00:00.000Z'],
    ['2024-05-01 10:00:00 +08:00', '2024-05-01T02:00:00.000Z'],
  ])('%s → %s', (text, expected) => {
    expect(ok(parseTimestamp(text))).toBe(expected);
  });

  it("Go's zero time means unset", () => {
    expect(ok(parseTimestamp('0001-01-01T00:00:00Z'))).toBeNull();
    expect(ok(parseTimestamp('0001-01-01T00:00:00.000000000Z'))).toBeNull();
  });

  it.each([
    '2020-12-03T12:21Z',
    '2020-12-03',
    '2020-12-03T12:21:38 CST',
    '2020-12-03T12:21:38Z CST',
    '2020-12-03T12:21:38+08',
    '2020-12-03T12:21:38.Z',
    '2020-12-03T12:21:38.1234567890Z',
    '20201203T122138Z',
    ' 2020-12-03T12:21:38Z',
    '',
    'yesterday',
  ])('rejects malformed %j', (text) => {
    expect(reason(parseTimestamp(text))).toMatch(/expected a date-time timestamp/);
  });

  it('rejects out-of-range fields', () => {
    expect(reason(parseTimestamp('2020-13-01T00:00:00Z'))).toMatch(/month/);
    expect(reason(parseTimestamp('2023-02-29T00:00:00Z'))).toMatch(/day/);
    expect(reason(parseTimestamp('2020-04-31T00:00:00Z'))).toMatch(/day/);
    expect(reason(parseTimestamp('2020-01-01T24:00:00Z'))).toMatch(/time of day/);
    expect(reason(parseTimestamp('2020-01-01T00:00:00+24:00'))).toMatch(/offset/);
  });
});

describe('epoch milliseconds (HSS latest_sync_time)', () => {
  it('reads milliseconds; 0 is unset', () => {
    const r = parseEpochMillis(1736925890944);
    expect(r.ok && r.value?.toISOString()).toBe('2025-01-15T07:24:50.944Z');
    expect(parseEpochMillis(0)).toEqual({ ok: true, value: null });
  });

  it('rejects negatives, fractions and out-of-range values', () => {
    expect(parseEpochMillis(-1).ok).toBe(false);
    expect(parseEpochMillis(1.5).ok).toBe(false);
    expect(parseEpochMillis(9_000_000_000_000_000).ok).toBe(false);
  });
});

describe('unix timestamps of unstated unit (APIG create_time)', () => {
  it('seconds and milliseconds give the same instant', () => {
    const s = parseUnixTimestamp(1597390885);
    const ms = parseUnixTimestamp(1597390885000);
    expect(s.ok && s.value?.toISOString()).toBe('2020-08-14T07:41:25.000Z');
    expect(ms.ok && ms.value?.toISOString()).toBe('2020-08-14T07:41:25.000Z');
  });

  it('0 is unset; negatives and fractions are rejected', () => {
    expect(parseUnixTimestamp(0)).toEqual({ ok: true, value: null });
    expect(parseUnixTimestamp(-5).ok).toBe(false);
    expect(parseUnixTimestamp(1.25).ok).toBe(false);
  });
});
