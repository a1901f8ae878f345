// Config field types that both the config schema and collectors' own config keys (their descriptors) use,
// so a count reads and fails the same way wherever it is.

import * as z from 'zod';

/** A whole number from `min` to `max` (every count has an upper bound: a typo is caught). */
export const count = (min: number, max: number, maxMessage = `must be at most ${max}`) =>
  z
    .int()
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: maxMessage });
