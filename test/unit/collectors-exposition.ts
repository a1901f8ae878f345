// A small reader for the text exposition, so tests can ask "what is the value of this series".

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  for (const match of text.matchAll(pattern)) {
    const [, name, raw] = match;
    if (name === undefined || raw === undefined) continue;
    labels[name] = raw.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const brace = line.indexOf('{');
    const space = line.lastIndexOf(' ');
    const name = brace >= 0 && brace < space ? line.slice(0, brace) : line.slice(0, space);
    const labels =
      brace >= 0 && brace < space ? parseLabels(line.slice(brace, line.lastIndexOf('}') + 1)) : {};
    samples.push({ name, labels, value: Number(line.slice(space + 1)) });
  }
  return samples;
}

/** Samples of `name` whose labels include every pair in `match`. */
export function find(text: string, name: string, match: Record<string, string> = {}): Sample[] {
  return parseExposition(text).filter(
    (s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v),
  );
}

/** The single value of a series; throws when absent or ambiguous. */
export function value(text: string, name: string, match: Record<string, string> = {}): number {
  const found = find(text, name, match);
  if (found.length !== 1) throw new Error(`${name}${JSON.stringify(match)}: ${found.length} samples`);
  return (found[0] as Sample).value;
}

/** Names of the families that have at least one sample. */
export function familiesWithSamples(text: string): Set<string> {
  return new Set(parseExposition(text).map((s) => s.name));
}
