// The timestamp layouts a real answer may carry (Huawei's Go SDK `core/sdktime` accepts them all, plus the
// `+0800` offsets and Go's time.Time.String() seen in the wild). Each rewrite keeps the instant: fraction
// digits are only ever padded with zeros, offsets shift the wall clock, zone-less forms are UTC.

import type { Rng } from './random.js';
import { ZERO_TIME } from './timestamps.js';

export const TIME_LAYOUTS = [
  'rfc3339', // 2024-05-01T08:30:00.123456789Z, 0–9 fraction digits
  'offset', // 2024-05-01T16:30:00.123+08:00
  'compact_offset', // 2024-05-01T16:30:00.123+0800
  'no_zone', // 2024-05-01T08:30:00.123 (UTC)
  'space', // 2024-05-01 08:30:00.123 (UTC)
  'go_string', // 2024-05-01 16:30:00.123 +0800 CST
] as const;
export type TimeLayout = (typeof TIME_LAYOUTS)[number];

const STANDARD = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;
const OFFSETS: ReadonlyArray<readonly [number, string]> = [
  [8 * 60, 'CST'],
  [-5 * 60, 'EST'],
  [5 * 60 + 30, 'IST'],
  [0, 'UTC'],
];

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, '0');
}

function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(minutes / 60))}${colon ? ':' : ''}${pad(minutes % 60)}`;
}

/** `value` (as the world stores it: RFC 3339 UTC) written in `layout`; the zero time and junk stay as they are. */
export function rewriteTimestamp(value: string, layout: TimeLayout, rng: Rng): string {
  const match = STANDARD.exec(value);
  if (match === null || value === ZERO_TIME) return value;
  const [, date, clock, digits = ''] = match;
  // Never fewer digits than the world wrote (that would change the instant); up to nanoseconds.
  const wanted = rng.int(digits.length, 9);
  const fraction = wanted === 0 ? '' : `.${digits.padEnd(wanted, '0')}`;
  if (layout === 'rfc3339') return `${date}T${clock}${fraction}Z`;
  if (layout === 'no_zone') return `${date}T${clock}${fraction}`;
  if (layout === 'space') return `${date} ${clock}${fraction}`;
  const [minutes, zone] = rng.pick(OFFSETS);
  const shifted = new Date(Date.parse(`${date}T${clock}Z`) + minutes * 60_000).toISOString();
  const wall = `${shifted.slice(0, 10)}${layout === 'go_string' ? ' ' : 'T'}${shifted.slice(11, 19)}${fraction}`;
  if (layout === 'offset') return `${wall}${offsetText(minutes, true)}`;
  if (layout === 'compact_offset') return `${wall}${offsetText(minutes, false)}`;
  return `${wall} ${offsetText(minutes, false)} ${zone}`;
}
