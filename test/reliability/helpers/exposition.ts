// Reading what the exporter served: a small parser for the Prometheus text format (enough for assertions:
// sample name, labels, value) and the views the reliability tests keep asking for.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescapeLabel(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** Every sample of an exposition; throws on a line that is neither a comment nor a sample (a torn body). */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE_LINE.exec(line);
    if (match === null) throw new Error(`not an exposition line: ${JSON.stringify(line.slice(0, 200))}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(LABEL_PAIR)) {
      labels[pair[1] as string] = unescapeLabel(pair[2] as string);
    }
    samples.push({ name: match[1] as string, labels, value: parseValue(match[3] as string) });
  }
  return samples;
}

/** huaweicloud_collector_success per `collector/region`. */
export function collectorSuccess(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of parseExposition(text)) {
    if (s.name === 'huaweicloud_collector_success') out[`${s.labels.collector}/${s.labels.region}`] = s.value;
  }
  return out;
}

/** huaweicloud_collector_success of one collector, every region; throws when it is absent. */
export function successOf(text: string, collector: string): number[] {
  const values = parseExposition(text)
    .filter((s) => s.name === 'huaweicloud_collector_success' && s.labels.collector === collector)
    .map((s) => s.value);
  if (values.length === 0) throw new Error(`no huaweicloud_collector_success for ${collector}`);
  return values;
}

const DATA_PREFIXES = ['huaweicloud_swr_', 'huaweicloud_hss_', 'huaweicloud_apig_'];

/** The collected data lines only (no exporter self-metrics, no ages or durations), sorted: comparable. */
export function dataLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => DATA_PREFIXES.some((prefix) => line.startsWith(prefix)))
    .sort();
}

/** Data lines of the families a collector writes. */
export function dataLinesWithPrefix(text: string, prefix: string): string[] {
  return dataLines(text).filter((line) => line.startsWith(prefix));
}
