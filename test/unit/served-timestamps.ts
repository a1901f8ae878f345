// An independent reader of the timestamp layouts the simulator's variety serves (not the exporter's parser):
// epoch ms, or NaN for a value no layout reads.

const LAYOUT =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?: ?(Z|[+-]\d{2}:?\d{2})(?: [A-Z]{3})?)?$/;

export function servedInstant(value: unknown): number {
  const m = typeof value === 'string' ? LAYOUT.exec(value) : null;
  if (m === null) return Number.NaN;
  const zone = m[4] === undefined || m[4] === 'Z' ? 'Z' : `${m[4].slice(0, 3)}:${m[4].slice(-2)}`;
  const millis = (m[3] ?? '').padEnd(3, '0').slice(0, 3);
  return Date.parse(`${m[1]}T${m[2]}.${millis}${zone}`);
}
