import { inspect } from 'node:util';

/** What a secret renders as, and what a masked value becomes in a text. */
export const SECRET_MASK = '<secret>';
const REDACTED = SECRET_MASK;
/** Shorter values would mask ordinary words; real AKs, SKs, tokens and passwords are far longer. */
const MIN_MASKED_LENGTH = 6;

/**
 * A credential value that cannot leak by accident: string conversion, JSON, util.inspect (and so pino and
 * console) all render it as `<secret>`. The value is read only through `reveal()`, at the point of use.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get isEmpty(): boolean {
    return this.#value.length === 0;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }
}

export function secret(value: string): Secret {
  return new Secret(value);
}

// The one way to mask known secret values in a text meant for people (error messages, the landing page): the
// client uses it for what a request carried, the exporter for every secret it loaded.

/** The values worth masking, each once, longest first (so a value that contains another is masked whole). */
export function maskableValues(values: Iterable<string>): string[] {
  return [...new Set(values)]
    .filter((v) => v.length >= MIN_MASKED_LENGTH)
    .sort((a, b) => b.length - a.length);
}

/** `text` with every one of `values` (as maskableValues orders them) replaced by <secret>. */
export function maskValues(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) {
    if (out.includes(value)) out = out.split(value).join(SECRET_MASK);
  }
  return out;
}
