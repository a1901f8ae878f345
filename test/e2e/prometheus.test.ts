// End to end: the simulator, the exporter scraping it, and a real Prometheus scraping the exporter every second
// with the rules file loaded (every `for` cut to 0s). A scenario played through the simulator's control API
// must fire the matching alerts, and every dashboard query, variable and recording rule must return data.
// Without /usr/bin/prometheus the suite is skipped with a message, unless REQUIRE_PROMETHEUS=1 (CI).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboards } from '../../grafana/src/dashboards.js';
import { dashboardQueries, panelsOf } from '../../grafana/src/queries.js';
import { type ExporterOnSimulator, startExporterOnSimulator } from './support/exporter-on-simulator.js';
import { assertExecutable, PROMETHEUS, skipWithout } from './support/prometheus-binaries.js';
import {
  eventually,
  type RunningPrometheus,
  type Sample,
  startPrometheus,
} from './support/prometheus-server.js';
import { loadRules, recordsOf, rulesWithFor } from './support/rules-file.js';

const JOB = 'huaweicloud-exporter';
const WAIT_MS = 15_000;

/** Dashboard variables as Grafana fills them with "All" selected (region's and account's allValue is `.*`). */
function bindVariables(expr: string): string {
  return expr
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('$instance', '.+')
    .replaceAll('$region', '.*')
    .replaceAll('$account', '.*');
}

/** The "Retries by reason" panel's query: 0 per operation while nothing was retried. */
function retryQuery(): string {
  const query = dashboards()
    .flatMap((d) => dashboardQueries(d.dashboard))
    .find((q) => q.source.includes('"Retries by reason"'));
  if (query === undefined) throw new Error('no "Retries by reason" panel');
  return query.expr;
}

describe.skipIf(skipWithout(PROMETHEUS))('dashboards and rules against a real Prometheus', () => {
  let estate: ExporterOnSimulator;
  let prometheus: RunningPrometheus;

  /** Calls the simulator's control API; fails the test on anything but 2xx. */
  async function control(method: 'PUT' | 'POST', path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${estate.simulator.url}/_sim${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`).toBe(true);
    return response.json();
  }

  /** The first series of a query, once the exporter has been scraped. */
  async function first(expr: string): Promise<Record<string, string>> {
    const found = await eventually(async () => (await prometheus.query(expr))[0], WAIT_MS);
    if (found === undefined) throw new Error(`no series for ${expr}\n${prometheus.output()}`);
    return found.metric;
  }

  /** The checks whose query still has no sample once the wait is over (none, when all is well). */
  async function emptyQueries(checks: ReadonlyArray<{ what: string; expr: string }>): Promise<string[]> {
    let empty: string[] = [];
    await eventually(async () => {
      const results: Sample[][] = await Promise.all(checks.map((c) => prometheus.query(c.expr)));
      empty = checks.filter((_, i) => results[i]?.length === 0).map((c) => `${c.what}: ${c.expr}`);
      return empty.length === 0 ? true : undefined;
    }, WAIT_MS);
    return empty;
  }

  async function firing(alertname: string, labels: Record<string, string>): Promise<boolean> {
    const alerts = await prometheus.alerts();
    return alerts.some(
      (a) =>
        a.state === 'firing' &&
        a.labels.alertname === alertname &&
        Object.entries(labels).every(([k, v]) => a.labels[k] === v),
    );
  }

  beforeAll(async () => {
    assertExecutable(PROMETHEUS);
    // With the variety a real cloud sends, so the skipped-records and unreadable-fields panels have data too.
    estate = await startExporterOnSimulator(20_240_601, { variety: true });
    prometheus = await startPrometheus({
      targets: [estate.target],
      job: JOB,
      rules: rulesWithFor(loadRules(), '0s'),
      intervalSeconds: 1,
    });
  });

  afterAll(async () => {
    await prometheus?.close();
    await estate?.close();
  });

  // Runs first, before the scenario: nothing has failed, been retried or throttled yet, so many answers are 0.
  // A panel must show that 0, not "No data": every query returns a sample, except a table that lists
  // problems, which must say in its noValue text that there are none.
  it('answers 0 rather than "No data" before anything went wrong', async () => {
    const checks = dashboards().flatMap((d) => {
      const listings = new Set(
        panelsOf(d.dashboard)
          .filter((p) => p.type === 'table' && typeof p.fieldConfig?.defaults?.noValue === 'string')
          .map((p) => `panel ${p.id} "${p.title ?? ''}"`),
      );
      return dashboardQueries(d.dashboard)
        .filter((q) => ![...listings].some((panel) => q.source.startsWith(panel)))
        .map((q) => ({ what: `${d.file} ${q.source}`, expr: bindVariables(q.expr) }));
    });
    expect(checks.length).toBeGreaterThan(30);
    const retries = await prometheus.query('sum(huaweicloud_api_retries_total)');
    expect(retries, 'the estate must start without retries').toEqual([]);
    expect(await emptyQueries(checks)).toEqual([]);
    const zero = await prometheus.query(bindVariables(retryQuery()));
    expect(zero.length).toBeGreaterThan(0);
    expect(zero.every((sample) => Number(sample.value[1]) === 0)).toBe(true);
  });

  it('fires the matching alerts when a registry turns unhealthy, an execution fails, HSS loses a registry', async () => {
    const registry = await first('huaweicloud_swr_registry_healthy == 1');
    const policy = await first('huaweicloud_swr_signature_last_execution_status{status="Failed"} == 0');
    const other = await first(
      `huaweicloud_swr_signature_last_execution_status{status="InProgress", policy_id!="${policy.policy_id}"} == 0`,
    );
    const hss = await first('huaweicloud_hss_registry_status{status="success"} == 1');
    const gateway = await first('huaweicloud_apig_signature_keys');

    const registryLabels = {
      registry_id: registry.registry_id ?? '',
      instance_id: registry.instance_id ?? '',
    };
    const policyLabels = { policy_id: policy.policy_id ?? '', instance_id: policy.instance_id ?? '' };
    const hssLabels = { registry_id: hss.registry_id ?? '', region: hss.region ?? '' };
    expect(await firing('HuaweiCloudSwrRegistryUnhealthy', registryLabels)).toBe(false);
    expect(await firing('HuaweiCloudSwrSignatureExecutionFailed', policyLabels)).toBe(false);
    expect(await firing('HuaweiCloudHssRegistryAccessFailed', hssLabels)).toBe(false);

    const swr = (labels: Record<string, string>) => `/world/${labels.region}/swr/${labels.instance_id}`;
    await control('PUT', `${swr(registry)}/registries/${registry.registry_id}/status`, {
      status: 'unhealthy',
    });
    await control('POST', `${swr(policy)}/policies/${policy.policy_id}/executions`, {
      status: 'Failed',
      status_text: 'signing key disabled',
      tasks: [
        { status: 'Error', repository: 'e2e/payments' },
        { status: 'Success', repository: 'e2e/web' },
      ],
    });
    await control('POST', `${swr(other)}/policies/${other.policy_id}/executions`, {
      status: 'InProgress',
      tasks: [{ status: 'Running', repository: 'e2e/batch' }],
    });
    await control('PUT', `/world/${hss.region}/hss/registries/${hss.registry_id}/status`, {
      status: 'fail',
      fail_reason: 'REQUEST_API_ERROR',
    });
    // New keys get a random number of bound APIs: add keys until one is bound to none (the seed makes this
    // deterministic; the bound only guards against an endless loop).
    for (let i = 0; i < 50; i++) {
      const key = (await control(
        'POST',
        `/world/${gateway.region}/${gateway.gateway}/${gateway.instance_id}/keys`,
        {
          name: `e2e_key_${i}`,
        },
      )) as { bind_num?: number };
      if (key.bind_num === 0) break;
    }
    // One throttled answer gives the error, retry and 429 series their first data.
    await control('PUT', '/faults/hss.ListRegistry', { throttleRate: 1, count: 1 });

    const fired = await eventually(async () => {
      const all = await Promise.all([
        firing('HuaweiCloudSwrRegistryUnhealthy', registryLabels),
        firing('HuaweiCloudSwrSignatureExecutionFailed', policyLabels),
        firing('HuaweiCloudHssRegistryAccessFailed', { ...hssLabels, fail_reason: 'REQUEST_API_ERROR' }),
      ]);
      return all.every(Boolean) ? all : undefined;
    }, WAIT_MS);
    expect(fired, `alerts now: ${JSON.stringify(await prometheus.alerts())}`).toEqual([true, true, true]);
  });

  // The world clock stands still unless ticked: a run asked for starts InProgress and ends as asked once
  // the world moves past its end (20 s to 3 min), so each step ticks 200 s. The simulator's stalled
  // scheduled policy last ran 26 h before the world began and does not run by itself: only the runs asked
  // for here move its latest execution.
  it('fires and clears the replication alerts as a stalled policy runs, fails and succeeds', async () => {
    // Each step waits for a refresh, a scrape and a rule evaluation in turn: allow a loaded machine (2 busy
    // cores) more than one WAIT_MS for it; a pass still comes as soon as the alert state is there.
    const until = async (check: () => Promise<boolean>) =>
      (await eventually(async () => ((await check()) ? true : undefined), 6 * WAIT_MS)) ?? false;
    const stalled = await first(
      'huaweicloud:swr_replication_last_execution_age_seconds{trigger="scheduled", enabled="true"} > 25 * 3600',
    );
    const labels = { instance_id: stalled.instance_id ?? '', policy_id: stalled.policy_id ?? '' };
    const run = async (status: 'Failed' | 'Succeed') => {
      const path = `/modules/swr-replication/${stalled.region}/${stalled.instance_id}/${stalled.policy_id}`;
      await control('POST', `${path}/executions`, { status });
      await control('POST', '/time/tick', { seconds: 200 });
    };
    const missed = () => firing('HuaweiCloudSwrReplicationScheduleMissed', labels);
    const failed = () => firing('HuaweiCloudSwrReplicationExecutionFailed', labels);
    const now = async () => `alerts now: ${JSON.stringify(await prometheus.alerts())}`;
    expect(await until(missed), `ScheduleMissed fires for ${JSON.stringify(stalled)}; ${await now()}`).toBe(
      true,
    );

    await run('Failed');
    expect(await until(failed), `ExecutionFailed fires; ${await now()}`).toBe(true);
    expect(await until(async () => !(await missed())), `ScheduleMissed clears; ${await now()}`).toBe(true);

    await run('Succeed');
    expect(await until(async () => !(await failed())), `ExecutionFailed clears; ${await now()}`).toBe(true);
  }, 420_000);

  it('returns data for every dashboard query and variable, and every recording rule (after the scenario)', async () => {
    const checks = [
      ...dashboards().flatMap((d) =>
        dashboardQueries(d.dashboard).map((q) => ({
          what: `${d.file} ${q.source}`,
          expr: bindVariables(q.expr),
        })),
      ),
      ...recordsOf(loadRules()).map((r) => ({ what: `record ${r.record}`, expr: r.record })),
    ];
    expect(checks.length).toBeGreaterThan(40);
    expect(await emptyQueries(checks)).toEqual([]);
  });
});
