// Field types more than one config section uses. Inline secrets become Secret values here, so nothing
// downstream ever holds them as plain strings.

import { nonEmptyText } from '../collectors/config-fields.js';
import { Secret } from '../huaweicloud/secret.js';

export { nonEmptyText };
export const secretText = nonEmptyText.transform((value) => new Secret(value));
export const filePath = nonEmptyText;
