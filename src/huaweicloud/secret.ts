import { inspect } from 'node:util';

const REDACTED = '<secret>';

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
