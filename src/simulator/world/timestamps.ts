// Timestamp formats as the services serve them. SWR (Go, RFC 3339 with trailing fraction zeros trimmed) shows
// 0–6 fraction digits, e.g. `2020-12-03T12:21:38.51851Z`, and Go's zero time for "unset".

import type { Rng } from './random.js';

export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** How many fraction digits a generated timestamp gets: Go trims trailing zeros, so all lengths occur. */
const FRACTION_DIGIT_WEIGHTS: ReadonlyArray<readonly [number, number]> = [
  [6, 40],
  [5, 15],
  [4, 10],
  [3, 10],
  [2, 6],
  [1, 4],
  [0, 15],
];

/** RFC 3339 UTC with exactly `digits` fraction digits (last one non-zero, as Go would print it). */
export function formatWithFraction(ms: number, subMillisecond: number, digits: number): string {
  const whole = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
  if (digits <= 0) return `${whole}Z`;
  const micros = String((((ms % 1000) + 1000) % 1000) * 1000 + (subMillisecond % 1000)).padStart(6, '0');
  let fraction = micros.slice(0, digits);
  if (fraction.endsWith('0')) fraction = `${fraction.slice(0, -1)}${1 + (subMillisecond % 9)}`;
  return `${whole}.${fraction}Z`;
}

/** A realistic SWR/APIG timestamp for `ms`, fraction length drawn from `rng`. */
export function swrTimestamp(ms: number, rng: Rng): string {
  const digits = rng.weighted(FRACTION_DIGIT_WEIGHTS);
  return formatWithFraction(ms, rng.int(0, 999), digits);
}

/** Whole seconds, like `2018-02-06T12:17:36Z`. */
export function secondsTimestamp(ms: number): string {
  return formatWithFraction(ms, 0, 0);
}

/** Microseconds since epoch of an RFC 3339 UTC timestamp; the zero time and junk sort first. */
export function timestampMicros(value: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(value);
  if (match === null || value === ZERO_TIME) return Number.NEGATIVE_INFINITY;
  const seconds = Date.parse(`${match[1]}Z`);
  const fraction = (match[2] ?? '').padEnd(6, '0').slice(0, 6);
  return seconds * 1000 + Number(fraction);
}

export function compareTimestamps(a: string, b: string): number {
  const left = timestampMicros(a);
  const right = timestampMicros(b);
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
