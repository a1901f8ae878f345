// How parse errors describe a value: by its kind (string, array, …), never by the value itself, so a malformed
// body cannot smuggle sign_secret or credential values into logs. Shared by parse.ts and the field schemas.

/** The kind of a JSON value, for messages: never the value itself. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value;
}

/** "expected X, got Y", or "missing (expected X)" when the field is absent. */
export function typeMessage(expected: string, input: unknown): string {
  if (input === undefined) return `missing (expected ${expected})`;
  return `expected ${expected}, got ${kindOf(input)}`;
}
