// Prometheus text exposition (format 0.0.4), written once per collector run. Collectors append samples as
// they map records, so a refresh produces its text directly; a scrape only stitches cached texts together,
// with one HELP/TYPE header per family across all regions (the format forbids repeating a family).

import type { MetricFamily } from './catalog.js';
import { yieldToEventLoop } from './concurrency.js';

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Sample lines per family name, ready to be placed under the family's header. */
export type RenderedFamilies = ReadonlyMap<string, string>;

/**
 * Sample lines per family name as UTF-8, in pieces of whole lines of about ENCODED_CHUNK_CHARS characters: a
 * large estate's families run to tens of megabytes, and one string or Buffer of that size costs the event
 * loop ~100 ms to join or encode (and more to collect); pieces are made between yields and served as they are.
 */
export type EncodedFamilies = ReadonlyMap<string, readonly Buffer[]>;

export const ENCODED_CHUNK_CHARS = 64 * 1024;

const NEEDS_LABEL_ESCAPE = /[\\"\n]/;

export function escapeLabelValue(value: string): string {
  if (!NEEDS_LABEL_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/** One sample line; `labelValues` follow `family.labels` in order. */
export function renderSample(family: MetricFamily, labelValues: readonly string[], value: number): string {
  const names = family.labels;
  if (labelValues.length !== names.length) {
    throw new Error(
      `${family.name}: ${labelValues.length} label values given for ${names.length} labels (${names.join(',')})`,
    );
  }
  if (names.length === 0) return `${family.name} ${formatValue(value)}\n`;
  let line = `${family.name}{`;
  for (let i = 0; i < names.length; i++) {
    if (i > 0) line += ',';
    line += `${names[i]}="${escapeLabelValue(labelValues[i] ?? '')}"`;
  }
  return `${line}} ${formatValue(value)}\n`;
}

/**
 * The leading labels of a resource (e.g. region, instance_id, namespace, policy_id), escaped once and reused
 * for every sample written about it: large estates render hundreds of thousands of lines per refresh.
 */
export class LabelPrefix {
  readonly names: readonly string[];
  readonly text: string;

  constructor(names: readonly string[], values: readonly string[]) {
    if (names.length !== values.length)
      throw new Error(`label prefix: ${values.length} values for ${names.length} names`);
    this.names = names;
    this.text = names.map((name, i) => `${name}="${escapeLabelValue(values[i] ?? '')}"`).join(',');
  }
}

/** One sample line for a family whose labels are `prefix.names` followed by labels valued by `rest`. */
export function renderPrefixedSample(
  family: MetricFamily,
  prefix: LabelPrefix,
  rest: readonly string[],
  value: number,
): string {
  const names = family.labels;
  if (prefix.names.length + rest.length !== names.length || prefix.names.some((n, i) => names[i] !== n)) {
    throw new Error(
      `${family.name}: labels (${names.join(',')}) do not start with (${prefix.names.join(',')})`,
    );
  }
  let line = `${family.name}{${prefix.text}`;
  for (let i = 0; i < rest.length; i++) {
    line += `,${names[prefix.names.length + i]}="${escapeLabelValue(rest[i] ?? '')}"`;
  }
  return `${line}} ${formatValue(value)}\n`;
}

export function renderHeader(family: MetricFamily): string {
  return `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
}

/** One family's output so far: lines encoded in pieces, and the lines not yet making up a whole piece. */
interface FamilyOutput {
  chunks: Buffer[];
  pending: string[];
  pendingChars: number;
}

/**
 * A fresh "registry" per collector run: samples go straight into per-family text. Label sets must be unique
 * within a family; collectors guarantee that by de-duplicating resources by id before writing.
 *
 * A family's lines are encoded into a piece as soon as about ENCODED_CHUNK_CHARS of them have come: kept as
 * strings until the run ends, a large estate's lines (each a rope of the pieces it was built from) would
 * fill the heap with millions of objects that every major GC must mark (pauses of 100 ms and more), and
 * joining or encoding them at the end would take the event loop for as long. Joining as they come one by one
 * instead would copy the accumulated text again and again (quadratic in a family's size).
 */
export class SeriesWriter {
  readonly #families = new Map<string, FamilyOutput>();
  readonly #maxSamples: number;
  #samples = 0;
  #omitted = 0;

  /** `maxSamples`: the collector's series cap; samples past it are counted in `omitted`, not written. */
  constructor(maxSamples = Number.POSITIVE_INFINITY) {
    this.#maxSamples = maxSamples;
  }

  add(family: MetricFamily, labelValues: readonly string[], value: number): void {
    this.addRendered(family, renderSample(family, labelValues, value), 1);
  }

  addPrefixed(family: MetricFamily, prefix: LabelPrefix, rest: readonly string[], value: number): void {
    this.addRendered(family, renderPrefixedSample(family, prefix, rest, value), 1);
  }

  /** Appends lines rendered earlier (e.g. cached for an immutable execution). */
  addRendered(family: MetricFamily, lines: string, samples: number): void {
    if (lines.length === 0) return;
    if (this.#samples + samples > this.#maxSamples) {
      this.#omitted += samples;
      return;
    }
    let output = this.#families.get(family.name);
    if (output === undefined) {
      output = { chunks: [], pending: [], pendingChars: 0 };
      this.#families.set(family.name, output);
    }
    output.pending.push(lines);
    output.pendingChars += lines.length;
    if (output.pendingChars >= ENCODED_CHUNK_CHARS) flush(output);
    this.#samples += samples;
  }

  get samples(): number {
    return this.#samples;
  }

  /** Samples left out by the cap. */
  get omitted(): number {
    return this.#omitted;
  }

  /** The text per family, for small expositions rendered per scrape (collector status, probe metrics). */
  finish(): RenderedFamilies {
    const rendered = new Map<string, string>();
    for (const [name, output] of this.#families) {
      let text = '';
      for (const chunk of output.chunks) text += chunk.toString('utf8');
      rendered.set(name, text + output.pending.join(''));
    }
    return rendered;
  }

  /** The bytes per family, for a collector run's snapshot; the writer is not to be used afterwards. */
  async encode(): Promise<EncodedFamilies> {
    const encoded = new Map<string, Buffer[]>();
    for (const [name, output] of this.#families) {
      flush(output);
      encoded.set(name, output.chunks);
      await yieldToEventLoop();
    }
    return encoded;
  }
}

function flush(output: FamilyOutput): void {
  if (output.pending.length === 0) return;
  output.chunks.push(Buffer.from(output.pending.join(''), 'utf8'));
  output.pending = [];
  output.pendingChars = 0;
}

/** Stitches families from several snapshots: one header per family, families in catalog order. */
export function assembleExposition(
  families: readonly MetricFamily[],
  snapshots: ReadonlyArray<RenderedFamilies | undefined>,
): string {
  let text = '';
  for (const family of families) {
    let body = '';
    for (const snapshot of snapshots) {
      const lines = snapshot?.get(family.name);
      if (lines !== undefined) body += lines;
    }
    if (body.length > 0) text += renderHeader(family) + body;
  }
  return text;
}

/** Unix seconds from a Date, keeping milliseconds. */
export function toUnixSeconds(date: Date): number {
  return date.getTime() / 1000;
}
