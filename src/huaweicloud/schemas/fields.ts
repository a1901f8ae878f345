// Field-level building blocks shared by every response schema.
//
// Leniency rules (docs §4–5; Go marks most response fields optional):
// - An optional field may be absent or JSON null; both become `undefined`.
// - A field the record cannot do without (ids, names, statuses, flags the metrics key on) is required even
//   where Go marks it optional: a record without it cannot become a metric, and an error naming the field is
//   more useful than an invented value.
// - Counters the models type as `number` (bind_num, ldapi_bind_num) default to 0 when absent: the docs mark
//   them optional and "nothing bound" is what an absent count means.
// - Enum-like strings stay plain strings: an unknown value is data, not an error.
// - A missing list key is an empty page; an absent total stays `undefined` (the paginator copes).

import { z } from 'zod';
import { parseEpochMillis, parseRfc3339, parseUnixTimestamp, type TimestampResult } from '../timestamps.js';
import { typeMessage } from './parse.js';

// Names the expected type in type errors; other issues (ranges, …) fall through to parseBody's messages.
function typed(expected: string) {
  return {
    error: (issue: { code?: string | undefined; input?: unknown }) =>
      issue.code === 'invalid_type' || issue.code === 'invalid_union'
        ? typeMessage(expected, issue.input)
        : undefined,
  };
}

export const text = () => z.string(typed('string'));
export const optText = () =>
  z
    .string(typed('string'))
    .nullish()
    .transform((v) => v ?? undefined);

export const integer = () => z.int(typed('integer'));
export const optInteger = () =>
  z
    .int(typed('integer'))
    .nullish()
    .transform((v) => v ?? undefined);
/** A count the model needs as a number: absent/null → 0. */
export const countOrZero = () =>
  z
    .int(typed('integer'))
    .nullish()
    .transform((v) => v ?? 0);
/** A list total (`total`, `total_num`): a non-negative integer, or undefined when the body omits it. */
export const optTotal = () =>
  z
    .int(typed('integer'))
    .min(0)
    .nullish()
    .transform((v) => v ?? undefined);

export const flag = () => z.boolean(typed('boolean'));
export const optFlag = () =>
  z
    .boolean(typed('boolean'))
    .nullish()
    .transform((v) => v ?? undefined);

/** Any JSON value of a documented field whose shape the exporter does not use (e.g. `scope_rules`). */
export const opaque = () => z.unknown().optional();

/** A documented array of strings (e.g. `available_zone_ids`). */
export const optTextList = () =>
  z
    .array(z.string(typed('string')), typed('array'))
    .nullish()
    .transform((v) => v ?? undefined);

/** A list of items; a missing or null list is an empty page. */
export function list<T extends z.ZodType>(item: T) {
  return z
    .array(item, typed('array'))
    .nullish()
    .transform((v): z.output<T>[] => v ?? []);
}

function settle(result: TimestampResult, ctx: z.RefinementCtx): Date | null {
  if (result.ok) return result.value;
  ctx.addIssue({ code: 'custom', message: result.reason });
  return null;
}

/** RFC 3339 string; absent, null, "" and Go's zero time → null. */
export const timestamp = () =>
  z
    .string(typed('RFC 3339 timestamp string'))
    .nullish()
    .transform((v, ctx) => (v === undefined || v === null || v === '' ? null : settle(parseRfc3339(v), ctx)));

/** Epoch milliseconds (HSS `latest_sync_time`); absent, null and 0 → null. */
export const epochMillis = () =>
  z
    .number(typed('epoch-millisecond integer'))
    .nullish()
    .transform((v, ctx) => (v === undefined || v === null ? null : settle(parseEpochMillis(v), ctx)));

const DIGITS = /^\d+$/;

/**
 * A unix timestamp (APIG `create_time`, seconds or milliseconds by magnitude). ROMA's instance model types
 * `create_time` as a string without saying its form, so a digit string or an RFC 3339 string is accepted too.
 */
export const unixTime = () =>
  z
    .union([z.number(), z.string()], typed('unix timestamp'))
    .nullish()
    .transform((v, ctx) => {
      if (v === undefined || v === null || v === '') return null;
      if (typeof v === 'number') return settle(parseUnixTimestamp(v), ctx);
      if (DIGITS.test(v)) return settle(parseUnixTimestamp(Number(v)), ctx);
      return settle(parseRfc3339(v), ctx);
    });
