// Timestamp parsing for the three wire formats the APIs use. Every parser answers `null` for "unset" and a
// reason (never the input value) when the text or number is not a timestamp, so callers can build errors that
// name the field without echoing data.

export type TimestampResult = { ok: true; value: Date | null } | { ok: false; reason: string };

// RFC 3339 `date-time`: full date, `T`, full time, 0–9 fraction digits, `Z` or a numeric offset. RFC 3339 §5.6
// allows lower-case `t`/`z`; Go's RFC3339Nano emits up to 9 digits, Python's isoformat 6.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

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

/** Parses an RFC 3339 date-time; Go's zero time → null. Fractions beyond milliseconds are truncated. */
export function parseRfc3339(text: string): TimestampResult {
  const m = RFC3339.exec(text);
  if (m === null)
    return { ok: false, reason: 'expected an RFC 3339 timestamp (e.g. 2020-12-03T12:21:38.51851Z)' };
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
  if (m[8] === undefined) {
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
