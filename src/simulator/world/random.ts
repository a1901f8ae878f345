// Deterministic randomness for the world. Every value comes from a seed: the estate generator, lazy tasks and
// time steps each derive their own stream from (seed, keys…), so reading one part never shifts another.

/** 32-bit avalanche mix (murmur3 finaliser): turns nearby inputs into unrelated outputs. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash a seed and a path of keys (numbers or strings) to one 32-bit value. */
export function hashKeys(seed: number, ...keys: ReadonlyArray<number | string>): number {
  let h = mix32(seed ^ 0x9e3779b9);
  for (const key of keys) {
    if (typeof key === 'number') {
      h = mix32(h ^ mix32(key >>> 0) ^ mix32(Math.floor(key / 0x100000000)));
    } else {
      for (let i = 0; i < key.length; i++) h = mix32(h ^ key.charCodeAt(i));
      h = mix32(h ^ key.length);
    }
  }
  return h;
}

/** mulberry32: small, fast, good enough for fake data, and identical on every platform. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static derive(seed: number, ...keys: ReadonlyArray<number | string>): Rng {
    return new Rng(hashKeys(seed, ...keys));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('Rng.pick on an empty list');
    return item;
  }

  /** Pick by weight: entries are [value, weight]. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new RangeError('Rng.weighted on an empty list');
    return last[0];
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length)
      out += Math.floor(this.next() * 0x10000)
        .toString(16)
        .padStart(4, '0');
    return out.slice(0, length);
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** Letters and digits, e.g. for generated secrets. */
  alnum(length: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}
