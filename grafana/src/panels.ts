// Small helpers shared by every panel: the datasource reference, PromQL selectors bound to the dashboard
// variables, Prometheus targets, thresholds, legends and table columns. Panels stay declarative this way.

import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import {
  BigValueGraphMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  TableSortByFieldStateBuilder,
  VizLegendOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import type { DataTransformerConfig, DynamicConfigValue } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  MappingType,
  ThresholdsConfigBuilder,
  ThresholdsMode,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';

/** Every panel and query reads from the data source the user picks in the `datasource` variable. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, meant literally.
export const datasource: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 86_400;

/**
 * `metric{instance=~"$instance",account=~"$account",region=~"$region",…}`. `instance` is the scrape target
 * Prometheus adds (the exporter itself); `account` and `region` are left out for metrics that carry no region
 * (the exporter's own): every region-labelled series has an account when accounts are configured.
 */
export function select(
  metric: string,
  opts: { region?: boolean; account?: boolean; matchers?: string } = {},
): string {
  const matchers = ['instance=~"$instance"'];
  // Series without the label (no accounts configured) match account=~".*" too.
  if (opts.region !== false || opts.account === true) matchers.push('account=~"$account"');
  if (opts.region !== false) matchers.push('region=~"$region"');
  if (opts.matchers) matchers.push(opts.matchers);
  return `${metric}{${matchers.join(', ')}}`;
}

export interface TargetOptions {
  legend?: string;
  /** Tables and stats read one value per series: an instant query in table format. */
  table?: boolean;
  refId?: string;
}

export function target(expr: string, opts: TargetOptions = {}): DataqueryBuilder {
  const query = new DataqueryBuilder()
    .datasource(datasource)
    .refId(opts.refId ?? 'A')
    .expr(expr);
  if (opts.legend !== undefined) query.legendFormat(opts.legend);
  if (opts.table) query.instant().format(PromQueryFormat.Table);
  else query.range();
  return query;
}

export interface Step {
  /** Lower bound of the step; the first step has none. */
  from?: number;
  color: string;
}

export function thresholds(...steps: Step[]): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps(steps.map((s) => ({ value: s.from ?? null, color: s.color })));
}

/** Green below `warnFrom`, orange from it, red from `criticalFrom`. */
export function trafficLight(warnFrom: number, criticalFrom: number): ThresholdsConfigBuilder {
  return thresholds(
    { color: 'green' },
    { from: warnFrom, color: 'orange' },
    { from: criticalFrom, color: 'red' },
  );
}

export function legend(mode: 'list' | 'table' = 'list'): VizLegendOptionsBuilder {
  return new VizLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(mode === 'table' ? LegendDisplayMode.Table : LegendDisplayMode.List)
    .placement(LegendPlacement.Bottom)
    .calcs(mode === 'table' ? ['lastNotNull', 'max'] : []);
}

/** A fixed colour per series name (e.g. `failed` in red), for series whose meaning has a colour. */
export function seriesColor(name: string, color: string) {
  return {
    matcher: { id: 'byName', options: name },
    properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: color } }],
  };
}

/**
 * Table columns: keep the listed fields in this order with readable headers, drop everything else (Time,
 * __name__, job, …). List `Value` to keep the sample value as a column.
 */
export function columns(headers: Record<string, string>): DataTransformerConfig[] {
  const names = Object.keys(headers);
  return [
    { id: 'filterFieldsByName', options: { include: { names } } },
    {
      id: 'organize',
      options: {
        excludeByName: {},
        indexByName: Object.fromEntries(names.map((n, i) => [n, i])),
        renameByName: headers,
      },
    },
  ];
}

/** Colours the cell background by its value mapping or threshold. */
export const colouredCell: DynamicConfigValue = {
  id: 'custom.cellOptions',
  value: { type: 'color-background' },
};

/** Value mappings that show a state name in its colour, e.g. { Failed: 'red', Succeed: 'green' }. */
export function stateColours(colours: Record<string, string>, texts: Record<string, string> = {}) {
  const options = Object.fromEntries(
    Object.entries(colours).map(([value, color], index) => [
      value,
      { color, index, text: texts[value] ?? value },
    ]),
  );
  return [{ type: MappingType.ValueToText as const, options }];
}

export interface AgeTable {
  id: number;
  title: string;
  description: string;
  /** A query whose value is an age in seconds (a recording rule `time() - timestamp`). */
  expr: string;
  /** Label columns to show before the age. */
  labels: Record<string, string>;
  ageHeader: string;
  warnFrom: number;
  criticalFrom: number;
}

/** Timestamps shown as ages, oldest first, coloured by how overdue they are. */
export function ageTable(t: AgeTable): table.PanelBuilder {
  return new table.PanelBuilder()
    .id(t.id)
    .title(t.title)
    .description(t.description)
    .datasource(datasource)
    .span(12)
    .height(8)
    .withTarget(target(t.expr, { table: true }))
    .transformations(columns({ ...t.labels, Value: t.ageHeader }))
    .sortBy([new TableSortByFieldStateBuilder().displayName(t.ageHeader).desc(true)])
    .overrideByName(t.ageHeader, [
      { id: 'unit', value: 's' },
      { id: 'thresholds', value: trafficLight(t.warnFrom, t.criticalFrom).build() },
      colouredCell,
    ]);
}

/** A single big number (or one per series): the last value, without a sparkline for instant queries. */
export function statPanel(id: number, title: string, description: string): stat.PanelBuilder {
  return new stat.PanelBuilder()
    .id(id)
    .title(title)
    .description(description)
    .datasource(datasource)
    .span(6)
    .height(4)
    .reduceOptions(new ReduceDataOptionsBuilder().values(false).calcs(['lastNotNull']))
    .graphMode(BigValueGraphMode.None);
}
