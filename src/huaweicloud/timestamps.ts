// Timestamp parsing for the wire formats the APIs use. Every parser answers `null` for "unset" and a reason
// (never the input value) when the text or number is not a timestamp, so callers can build errors that name
// the field without echoing data.

export type TimestampResult = { ok: true; value: Date | null } | { ok: false; reason: string };

// The date-time layouts the real APIs send. Huawei's Go SDK (core/sdktime SdkTime) accepts, in UTC unless a
// zone is given: `2006-01-02T15:04:05Z`, `2006-01-02T15:04:05` (no zone), `2006-01-02 15:04:05` (space for
// `T`), RFC 3339 and RFC3339Nano; Go also takes 0–9 fraction digits after the seconds of any of them. On top
// of those: `+0800`-style offsets, lower-case `t`/`z` (RFC 3339 §5.6) and Go's time.Time.String() form
// `2006-01-02 15:04:05.999999999 -0700 MST` (offset after a space, then a zone name or `+08`-style
// abbreviation, which the offset makes redundant). The SDK's literal `+08:00` layout reads the offset as
// UTC; here an offset is always honoured.
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])| ?([+-])(\d{2}):?(\d{2})(?: (?:[A-Za-z]{1,5}|[+-]\d{2}(?:\d{2})?))?)?$/;

/** Go's zero `time.Time` (0001-01-01T00:00:00Z): what Go services send for a time that was never set. */
export const GO_ZERO_TIME_MS = utcMs(1, 1, 1, 0, 0, 0, 0);

/** The largest instant a JS Date can hold (±8.64e15 ms, ECMA-262 §21.4.1.1). */
const MAX_DATE_MS = 8.64e15;

/**
 * A unix timestamp below this is read as seconds, at or above it as milliseconds: 1e11 s is the year 5138,
 * 1e11 ms is March 1973 — no creation time of a cloud resource falls between the two readings.
 */
export const UNIX_SECONDS_LIMIT = 1e11;

function utcMs(
  year: number,
  month: number,
  day: number,
  h: number,
  m: number,
  s: number,
  ms: number,
): number {
  const d = new Date(Date.UTC(2000, month - 1, day, h, m, s, ms));
  // Date.UTC maps years 0–99 to 1900–1999; setting the year afterwards keeps year 1 as year 1.
  d.setUTCFullYear(year);
  return d.getTime();
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses a date-time in any layout of TIMESTAMP; no zone means UTC, Go's zero time → null. Fractions beyond
 * milliseconds are truncated.
 */
export function parseTimestamp(text: string): TimestampResult {
  const m = TIMESTAMP.exec(text);
  if (m === null)
    return { ok: false, reason: 'expected a date-time timestamp (e.g. 2020-12-03T12:21:38.51851Z)' };
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = m[7] ?? '';
  if (month < 1 || month > 12) return { ok: false, reason: 'timestamp has a month outside 01–12' };
  if (day < 1 || day > daysInMonth(year, month))
    return { ok: false, reason: 'timestamp has a day outside its month' };
  // Second 60 is a leap second (RFC 3339 §5.7); Date cannot hold it, so it lands on the next second.
  if (hour > 23 || minute > 59 || second > 60)
    return { ok: false, reason: 'timestamp has a time of day out of range' };
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const offH = Number(m[10]);
    const offM = Number(m[11]);
    if (offH > 23 || offM > 59) return { ok: false, reason: 'timestamp has a UTC offset out of range' };
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offH * 60 + offM);
  }
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const local = utcMs(year, month, day, hour, minute, second, millis);
  const instant = local - offsetMinutes * 60_000;
  if (instant === GO_ZERO_TIME_MS) return { ok: true, value: null };
  return { ok: true, value: new Date(instant) };
}

function fromMillis(ms: number, unit: string): TimestampResult {
  if (!Number.isSafeInteger(ms)) return { ok: false, reason: `expected an integer ${unit} timestamp` };
  if (ms < 0) return { ok: false, reason: `expected a non-negative ${unit} timestamp` };
  if (ms === 0) return { ok: true, value: null };
  if (ms > MAX_DATE_MS)
    return { ok: false, reason: `${unit} timestamp is beyond the representable date range` };
  return { ok: true, value: new Date(ms) };
}

/** Epoch milliseconds (HSS `latest_sync_time`); 0 means never → null. */
export function parseEpochMillis(ms: number): TimestampResult {
  return fromMillis(ms, 'epoch-millisecond');
}

/**
 * A "unix timestamp" whose unit the API does not state (APIG `create_time`): seconds below
 * UNIX_SECONDS_LIMIT, milliseconds from it on. 0 → null.
 */
export function parseUnixTimestamp(value: number): TimestampResult {
  if (!Number.isSafeInteger(value)) return { ok: false, reason: 'expected an integer unix timestamp' };
  return fromMillis(value !== 0 && Math.abs(value) < UNIX_SECONDS_LIMIT ? value * 1000 : value, 'unix');
}
