// Prometheus text exposition (format 0.0.4), written once per collector run. Collectors append samples as
// they map records, so a refresh produces its text directly; a scrape only stitches cached texts together,
// with one HELP/TYPE header per family across all regions (the format forbids repeating a family).

import type { MetricFamily } from './catalog.js';

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Sample lines per family name, ready to be placed under the family's header. */
export type RenderedFamilies = ReadonlyMap<string, string>;

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

export function renderHeader(family: MetricFamily): string {
  return `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
}

/**
 * A fresh "registry" per collector run: samples go straight into per-family text. Label sets must be unique
 * within a family; collectors guarantee that by de-duplicating resources by id before writing.
 */
export class SeriesWriter {
  readonly #lines = new Map<string, string>();
  #samples = 0;

  add(family: MetricFamily, labelValues: readonly string[], value: number): void {
    this.addRendered(family, renderSample(family, labelValues, value), 1);
  }

  /** Appends lines rendered earlier (e.g. cached for an immutable execution). */
  addRendered(family: MetricFamily, lines: string, samples: number): void {
    if (lines.length === 0) return;
    this.#lines.set(family.name, (this.#lines.get(family.name) ?? '') + lines);
    this.#samples += samples;
  }

  get samples(): number {
    return this.#samples;
  }

  finish(): RenderedFamilies {
    return new Map(this.#lines);
  }
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
