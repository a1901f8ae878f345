// Config field types that both the config schema and the collectors' own config keys (their descriptors:
// collectors.<name>, regions[].<section>) use, so a field reads and fails the same way wherever it is.

import * as z from 'zod';

/** A whole number from `min` to `max` (every count has an upper bound: a typo is caught). */
export const count = (min: number, max: number, maxMessage = `must be at most ${max}`) =>
  z
    .int()
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: maxMessage });

/** Text with something in it once trimmed. */
export const nonEmptyText = z.string().trim().min(1, { error: 'must not be empty' });

/** Huawei's numeric ids: any non-negative safe integer. */
export const numericId = z.int().min(0, { error: 'must be at least 0' });

/** Ids named in the config; an empty list is a mistake (leave the key out to mean "all"). */
export const idList = z
  .array(nonEmptyText)
  .min(1, { error: 'must list at least one id (or leave the key out)' });
