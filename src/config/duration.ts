// Durations in the config file are Prometheus-style strings ("500ms", "30s", "5m", "1h30m") and nothing else:
// a bare number has no unit, and guessing one (seconds? milliseconds?) is how timeouts end up 1000× off.

const UNIT_MS = {
  y: 365 * 86_400_000,
  w: 7 * 86_400_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};
type Unit = keyof typeof UNIT_MS;
const UNITS_DESCENDING: Unit[] = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

// Same grammar as Prometheus' model.ParseDuration: units in descending order, each at most once.
const DURATION_PATTERN =
  /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** A length of time read from the config; JSON (and so the config dump) renders it back as "30s". */
export class Duration {
  readonly ms: number;

  constructor(ms: number) {
    this.ms = ms;
  }

  get seconds(): number {
    return this.ms / 1000;
  }

  toString(): string {
    return formatDuration(this.ms);
  }

  toJSON(): string {
    return formatDuration(this.ms);
  }
}

/** Parses "1h30m" into a Duration; undefined when the text is not a Prometheus duration. */
export function parseDuration(text: string): Duration | undefined {
  if (text === '0') return new Duration(0);
  const match = DURATION_PATTERN.exec(text);
  if (match === null || text === '') return undefined;
  let ms = 0;
  UNITS_DESCENDING.forEach((unit, index) => {
    const amount = match[index + 1];
    if (amount !== undefined) ms += Number(amount) * UNIT_MS[unit];
  });
  return Number.isSafeInteger(ms) ? new Duration(ms) : undefined;
}

export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const unit of UNITS_DESCENDING) {
    const amount = Math.floor(rest / UNIT_MS[unit]);
    if (amount > 0) {
      text += `${amount}${unit}`;
      rest -= amount * UNIT_MS[unit];
    }
  }
  return text;
}
