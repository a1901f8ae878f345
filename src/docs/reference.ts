// The README's reference sections, generated from the code so they cannot drift: every metric (the catalog
// and the exporter's own registry), every flag (the --help text) and every config key (the zod schema).
// scripts/readme.mjs writes them between the README's GENERATED markers; test/unit/readme.test.ts fails when
// the README differs.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import * as z from 'zod';
import { COLLECTOR_STATUS_FAMILIES, type MetricFamily } from '../collectors/catalog.js';
import { COLLECTED_FAMILIES } from '../collectors/index.js';
import { configSchema } from '../config/schema.js';
import { Exporter } from '../exporter.js';
import { PROBE_FAMILIES } from '../scaleout/probe-metrics.js';

export const SECTIONS = ['metrics', 'flags', 'config'] as const;
export type SectionName = (typeof SECTIONS)[number];

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const code = (text: string) => `\`${text}\``;

interface MetricRow {
  name: string;
  type: string;
  labels: readonly string[];
  help: string;
}

/** The exporter's own registry (API calls, build, reloads) as a running exporter has it. */
async function registryRows(): Promise<MetricRow[]> {
  const exporter = new Exporter({ source: { file: '(reference)' }, env: {} });
  const { registry } = exporter.apiMetrics;
  const metrics = await registry.getMetricsAsJSON();
  return metrics
    .filter((m) => m.name.startsWith('huaweicloud_'))
    .map((m) => {
      const labels = (registry.getSingleMetric(m.name) as unknown as { labelNames?: string[] }).labelNames;
      // `account` is there only with accounts configured, on every series alike (told above the table, as
      // for the collected families, which do not list it either).
      const listed = (labels ?? []).filter((label) => label !== 'account');
      return { name: m.name, type: String(m.type), labels: listed, help: m.help };
    });
}

export async function metricsSection(): Promise<string> {
  const families: MetricFamily[] = [
    ...COLLECTED_FAMILIES,
    ...Object.values(COLLECTOR_STATUS_FAMILIES),
    ...Object.values(PROBE_FAMILIES),
  ];
  const rows: MetricRow[] = [...families, ...(await registryRows())];
  const lines = rows.map(
    (r) => `| ${code(r.name)} | ${r.type} | ${r.labels.map(code).join(', ')} | ${cell(r.help)} |`,
  );
  return [
    '| metric | type | labels | meaning |',
    '|---|---|---|---|',
    ...lines,
    '| `process_*`, `nodejs_*` | | | Node.js process metrics (prom-client defaults; `nodejs_eventloop_lag_*` summarised at most once a second) |',
  ].join('\n');
}

export function flagsSection(usage: string): string {
  return ['```text', usage.trimEnd(), '```'].join('\n');
}

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
}

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map(String).join(' \\| ');
  if (schema.type === 'array') return `list of ${schema.items ? typeOf(schema.items) : 'values'}`;
  // Durations are custom types with no JSON Schema form.
  return schema.type ?? 'duration';
}

/**
 * Defaults the engine and client apply (not the schema) are the values examples/config.yml spells out for
 * collectors, scrape and client; regions and credentials there are examples, not defaults.
 */
function exampleDefault(example: unknown, path: string): unknown {
  if (!/^(collectors|scrape|client)\./.test(path)) return undefined;
  let value: unknown = example;
  for (const key of path.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

function keyRows(schema: JsonSchema, path: string, example: unknown): string[] {
  const items = schema.type === 'array' ? schema.items : undefined;
  if (items?.properties) return keyRows(items, `${path}[]`, example);
  if (!schema.properties) {
    const value = schema.default ?? exampleDefault(example, path);
    const fallback =
      value === undefined ? '' : code(typeof value === 'string' ? value : JSON.stringify(value));
    return [`| ${code(path)} | ${typeOf(schema)} | ${fallback} |`];
  }
  return Object.entries(schema.properties).flatMap(([key, child]) =>
    keyRows(child, path === '' ? key : `${path}.${key}`, example),
  );
}

export function configSection(): string {
  const schema = z.toJSONSchema(configSchema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
  // Two levels up from src/docs/ and dist/docs/ alike.
  const example: unknown = parse(readFileSync(new URL('../../examples/config.yml', import.meta.url), 'utf8'));
  return ['| key | type | default |', '|---|---|---|', ...keyRows(schema, '', example)].join('\n');
}

export async function renderSection(name: SectionName, usage: string): Promise<string> {
  if (name === 'metrics') return metricsSection();
  if (name === 'flags') return flagsSection(usage);
  return configSection();
}

const begin = (name: SectionName) => `<!-- BEGIN GENERATED ${name}: npm run readme -->`;
const end = (name: SectionName) => `<!-- END GENERATED ${name} -->`;

/** The README with every generated section replaced; throws when a marker pair is missing. */
export async function withGeneratedSections(readme: string, usage: string): Promise<string> {
  let text = readme;
  for (const name of SECTIONS) {
    const start = text.indexOf(begin(name));
    const stop = text.indexOf(end(name));
    if (start < 0 || stop < start) throw new Error(`README.md: no ${begin(name)} … ${end(name)} pair`);
    const body = await renderSection(name, usage);
    text = `${text.slice(0, start + begin(name).length)}\n${body}\n${text.slice(stop)}`;
  }
  return text;
}
