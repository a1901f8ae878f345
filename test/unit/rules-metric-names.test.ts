// Every metric a dashboard or rule reads must be one the exporter emits, with the labels it is queried by.
// What the exporter emits comes from its own output: the collectors' golden exposition (test/golden/), and
// for the client's counters, which the golden estate never increments, the exposition of the exporter's API
// metrics after one observed request. The end-to-end test checks the same against a running exporter.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { dashboards } from '../../grafana/src/dashboards.js';
import { legendLabels, scanQuery } from '../../grafana/src/promql.js';
import { dashboardQueries } from '../../grafana/src/queries.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import { alertsOf, loadRules, recordsOf } from '../e2e/support/rules-file.js';
import { parseExposition } from './collectors-exposition.js';

const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));
/** Labels Prometheus attaches to every scraped series; the exporter never sets them itself. */
const TARGET_LABELS = ['job', 'instance'];
/** Series Prometheus makes itself for every target. */
const PROMETHEUS_SERIES = new Map([['up', new Set(TARGET_LABELS)]]);

type Catalog = Map<string, Set<string>>;

/** Sample names and their label names (histograms show up as their _bucket, _sum and _count samples). */
function addSamples(text: string, into: Catalog): Catalog {
  for (const sample of parseExposition(text)) {
    const labels = into.get(sample.name) ?? new Set<string>();
    for (const label of Object.keys(sample.labels)) labels.add(label);
    into.set(sample.name, labels);
  }
  return into;
}

async function emittedCatalog(): Promise<Catalog> {
  const goldens = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.prom'));
  if (goldens.length === 0) throw new Error(`no golden exposition (*.prom) in ${GOLDEN_DIR}`);
  const catalog: Catalog = new Map();
  for (const f of goldens) addSamples(readFileSync(`${GOLDEN_DIR}${f}`, 'utf8'), catalog);
  // With accounts configured, every series of a target (all that carry region) also carries account
  // (src/collectors/account-label.ts); the goldens are rendered without accounts.
  for (const labels of catalog.values()) if (labels.has('region')) labels.add('account');
  const registry = createApiMetricsObserver({ processMetrics: false, version: 'test', revision: 'test' });
  // Through an account's observer, as with `accounts` configured: the api series then carry account too.
  const api = registry.forAccount('unit-a');
  api.requestDone?.({
    service: 'swr',
    operation: 'ListInstance',
    status: 429,
    errorCode: 'APIG.0308',
    durationSeconds: 0.1,
    attempt: 1,
  });
  api.retry?.({ service: 'swr', operation: 'ListInstance', reason: 'throttled', attempt: 1, delayMs: 10 });
  api.recordsDegraded?.({
    service: 'hss',
    operation: 'ListRegistry',
    skipped: [{ reason: 'identity_missing', path: 'data_list[1].id' }],
    unreadable: [{ field: 'data_list[].latest_sync_time', path: 'data_list[2].latest_sync_time' }],
  });
  return addSamples(await registry.render(), catalog);
}

interface Use {
  where: string;
  expr: string;
  /** Labels the result must carry: legend placeholders, table columns, or `$labels.x` in alert annotations. */
  resultLabels: string[];
}

const rules = loadRules();
const records = recordsOf(rules);

function uses(): Use[] {
  const fromDashboards = dashboards().flatMap((d) =>
    dashboardQueries(d.dashboard).map((q) => ({
      where: `${d.file} ${q.source}`,
      expr: q.expr,
      resultLabels: [...legendLabels(q.legendFormat ?? ''), ...q.tableFields.filter((f) => f !== 'Value')],
    })),
  );
  const fromAlerts = alertsOf(rules).map((a) => ({
    where: `alert ${a.alert}`,
    expr: a.expr,
    resultLabels: [
      ...Object.values(a.annotations ?? {}).flatMap((t) => [...t.matchAll(/\$labels\.([a-zA-Z_]\w*)/g)]),
    ].map((m) => m[1] ?? ''),
  }));
  const fromRecords = records.map((r) => ({ where: `record ${r.record}`, expr: r.expr, resultLabels: [] }));
  return [...fromDashboards, ...fromAlerts, ...fromRecords];
}

describe('metric names and labels used by dashboards and rules', () => {
  let catalog: Catalog;

  beforeAll(async () => {
    catalog = await emittedCatalog();
    for (const [name, labels] of PROMETHEUS_SERIES) catalog.set(name, labels);
    // A recording rule's series carry the labels of what it reads (a superset is fine for this check).
    for (const r of records) {
      const labels = new Set(TARGET_LABELS);
      for (const s of scanQuery(r.expr).selectors) for (const l of catalog.get(s.metric) ?? []) labels.add(l);
      catalog.set(r.record, labels);
    }
  });

  it('knows what the exporter emits', () => {
    expect(catalog.get('huaweicloud_collector_success')).toEqual(new Set(['collector', 'region', 'account']));
    expect(catalog.get('huaweicloud_api_requests_total')).toEqual(
      new Set(['account', 'service', 'operation', 'code']),
    );
    expect(catalog.has('huaweicloud_api_request_duration_seconds_bucket')).toBe(true);
  });

  it('uses only metrics the exporter emits (or recording rules and up)', () => {
    const unknown = uses().flatMap((u) =>
      scanQuery(u.expr)
        .selectors.filter((s) => !catalog.has(s.metric))
        .map((s) => `${u.where}: ${s.metric}`),
    );
    expect(unknown).toEqual([]);
  });

  it('matches, groups and names series only by labels those metrics carry', () => {
    const problems: string[] = [];
    for (const u of uses()) {
      const scanned = scanQuery(u.expr);
      const available = new Set([...TARGET_LABELS, 'le', '__name__']);
      for (const s of scanned.selectors) for (const l of catalog.get(s.metric) ?? []) available.add(l);
      for (const s of scanned.selectors) {
        const own = new Set([...TARGET_LABELS, ...(catalog.get(s.metric) ?? [])]);
        for (const l of s.labels.filter((l) => !own.has(l)))
          problems.push(`${u.where}: ${s.metric} has no ${l}`);
      }
      for (const l of [...scanned.groupingLabels, ...u.resultLabels].filter((l) => !available.has(l))) {
        problems.push(`${u.where}: no metric in the query carries ${l}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lists variable values from a label the listed metric carries', () => {
    for (const { dashboard } of dashboards()) {
      for (const v of dashboard.templating?.list ?? []) {
        const match = /^label_values\(([a-zA-Z_:][\w:]*)\{?.*,\s*(\w+)\)$/.exec(String(v.query ?? ''));
        if (v.type !== 'query') continue;
        expect(match, `variable ${v.name}`).not.toBeNull();
        const [, metric = '', label = ''] = match ?? [];
        expect([...TARGET_LABELS, ...(catalog.get(metric) ?? [])], `variable ${v.name}`).toContain(label);
      }
    }
  });
});
