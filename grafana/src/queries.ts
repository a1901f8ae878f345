// Every PromQL query a dashboard runs, with where it comes from: the input of the tests that check queries
// against the exporter's metrics and, end to end, against a real Prometheus.

import type { Dashboard, Panel, RowPanel, VariableModel } from '@grafana/grafana-foundation-sdk/dashboard';

export interface DashboardQuery {
  dashboard: string;
  /** `panel 105 "Last execution status per policy" A` or `variable region`. */
  source: string;
  expr: string;
  legendFormat?: string;
  /** Tables and stats ask for one instant value; graphs for a range. */
  instant: boolean;
  /** Fields a table panel shows (labels, and `Value` for the sample). */
  tableFields: string[];
}

interface PromTarget {
  expr?: string;
  refId?: string;
  legendFormat?: string;
  instant?: boolean;
}

/** The field names a panel keeps with a filterFieldsByName transformation. */
function tableFields(panel: Panel): string[] {
  const filter = (panel.transformations ?? []).find((t) => t.id === 'filterFieldsByName');
  const names: unknown = filter?.options?.include?.names;
  return Array.isArray(names) ? names.map(String) : [];
}

function isRow(panel: Panel | RowPanel): panel is RowPanel {
  return panel.type === 'row';
}

/** Panels, with those nested in collapsed rows. */
export function panelsOf(dashboard: Dashboard): Panel[] {
  return (dashboard.panels ?? []).flatMap((p) => (isRow(p) ? p.panels : [p]));
}

/** `label_values(metric{…}, label)` → `metric{…}` (the series whose label the variable lists). */
function variableSeries(variable: VariableModel): string | undefined {
  if (variable.type !== 'query' || typeof variable.query !== 'string') return undefined;
  const match = /^label_values\((.*),\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)$/.exec(variable.query.trim());
  return match?.[1];
}

export function dashboardQueries(dashboard: Dashboard): DashboardQuery[] {
  const name = dashboard.title ?? dashboard.uid ?? '?';
  const queries: DashboardQuery[] = [];
  for (const variable of dashboard.templating?.list ?? []) {
    const expr = variableSeries(variable);
    if (expr !== undefined)
      queries.push({
        dashboard: name,
        source: `variable ${variable.name}`,
        expr,
        instant: true,
        tableFields: [],
      });
  }
  for (const panel of panelsOf(dashboard)) {
    for (const t of (panel.targets ?? []) as PromTarget[]) {
      if (t.expr === undefined) continue;
      const query: DashboardQuery = {
        dashboard: name,
        source: `panel ${panel.id} "${panel.title ?? ''}" ${t.refId ?? ''}`.trim(),
        expr: t.expr,
        instant: t.instant === true,
        tableFields: tableFields(panel),
      };
      if (t.legendFormat !== undefined) query.legendFormat = t.legendFormat;
      queries.push(query);
    }
  }
  return queries;
}
