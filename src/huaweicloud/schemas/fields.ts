// Field-level building blocks shared by every response schema.
//
// Leniency rules (docs §4–5; Go marks most response fields optional; records.ts says what a bad one does):
// - Only fields the exporter reads are declared: undeclared keys are never read, validated or returned.
// - An optional field may be absent or JSON null; both become `undefined` (timestamps: `null`).
// - Identity fields (ids, names, statuses the metrics are labelled by) are required even where Go marks them
//   optional: a record without them cannot become a series, so it is skipped (records.ts).
// - Counts the docs mark optional (bind_num, ldapi_bind_num) are 0 when absent: "nothing bound" is what an
//   absent count means; one that cannot be read is absent, not 0.
// - Enum-like strings stay plain strings: an unknown value is data, not an error.
// - An absent total stays `undefined` (the paginator copes).

import { z } from 'zod';
import { parseEpochMillis, parseTimestamp, parseUnixTimestamp, type TimestampResult } from '../timestamps.js';
import { typeMessage } from './parse-messages.js';

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
/** A string id: an empty one identifies nothing, so it is as unreadable as a missing one. */
export const textId = () => z.string(typed('string')).min(1);
export const optText = () =>
  z
    .string(typed('string'))
    .nullish()
    .transform((v) => v ?? undefined);

export const integer = () => z.int(typed('integer'));
/**
 * An integer id that addresses a sub-resource (a policy's executions, an execution's tasks): the API's ids are
 * never negative, and a path cannot be built from one, so it is as unreadable as a missing id.
 */
export const pathIntegerId = () => z.int(typed('integer')).min(0);
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

function settle(result: TimestampResult, ctx: z.RefinementCtx): Date | null {
  if (result.ok) return result.value;
  ctx.addIssue({ code: 'custom', message: result.reason });
  return null;
}

/** A date-time string in any layout parseTimestamp reads; absent, null, "" and Go's zero time → null. */
export const timestamp = () =>
  z
    .string(typed('timestamp string'))
    .nullish()
    .transform((v, ctx) =>
      v === undefined || v === null || v === '' ? null : settle(parseTimestamp(v), ctx),
    );

/** Epoch milliseconds (HSS `latest_sync_time`); absent, null and 0 → null. */
export const epochMillis = () =>
  z
    .number(typed('epoch-millisecond integer'))
    .nullish()
    .transform((v, ctx) => (v === undefined || v === null ? null : settle(parseEpochMillis(v), ctx)));

const DIGITS = /^\d+$/;

/**
 * A unix timestamp (APIG `create_time`, seconds or milliseconds by magnitude). ROMA's instance model types
 * `create_time` as a string without saying its form, so a digit string or a date-time string is accepted too.
 */
export const unixTime = () =>
  z
    .union([z.number(), z.string()], typed('unix timestamp'))
    .nullish()
    .transform((v, ctx) => {
      if (v === undefined || v === null || v === '') return null;
      if (typeof v === 'number') return settle(parseUnixTimestamp(v), ctx);
      if (DIGITS.test(v)) return settle(parseUnixTimestamp(Number(v)), ctx);
      return settle(parseTimestamp(v), ctx);
    });
