// Field types more than one config section uses. Inline secrets become Secret values here, so nothing
// downstream ever holds them as plain strings.

import * as z from 'zod';
import { Secret } from '../huaweicloud/secret.js';

export const nonEmptyText = z.string().trim().min(1, { error: 'must not be empty' });
export const secretText = nonEmptyText.transform((value) => new Secret(value));
export const filePath = nonEmptyText;
