// Exporter health: is it scraped, do its collectors succeed and how fresh is their data, and how the
// Huawei Cloud APIs answer it (requests, errors, throttling, latency by operation).

import {
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  VisibilityMode,
} from '@grafana/grafana-foundation-sdk/common';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import {
  columns,
  datasource,
  legend,
  select,
  stateColours,
  statPanel,
  target,
  thresholds,
  trafficLight,
} from './panels.js';
import type { Section } from './section.js';

// The client's metrics are per call, not per region (huaweicloud_api_* carry service and operation, and the
// account when accounts are configured).
const api = (metric: string, matchers?: string) =>
  select(
    metric,
    matchers === undefined ? { region: false, account: true } : { region: false, account: true, matchers },
  );

const dashedThresholds = () => new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed);

function timeseriesPanel(id: number, title: string, description: string, expr: string, legendFormat: string) {
  return new timeseries.PanelBuilder()
    .id(id)
    .title(title)
    .description(description)
    .datasource(datasource)
    .span(12)
    .height(8)
    .withTarget(target(expr, { legend: legendFormat }))
    .min(0)
    .legend(legend('table'));
}

export function collectorsSection(): Section {
  return {
    title: 'Exporter and collectors',
    rowId: 400,
    panels: [
      statPanel(
        401,
        'Exporter up',
        'Whether Prometheus could scrape each exporter instance (its `up` series).',
      )
        .height(5)
        .withTarget(target('up{instance=~"$instance"}', { legend: '{{instance}}' }))
        .mappings(stateColours({ '1': 'green', '0': 'red' }, { '1': 'up', '0': 'down' }))
        .thresholds(thresholds({ color: 'red' }, { from: 1, color: 'green' })),
      new table.PanelBuilder()
        .id(402)
        .title('Build')
        .description('Version of each exporter instance (huaweicloud_exporter_build_info).')
        .datasource(datasource)
        .span(18)
        .height(5)
        .withTarget(target(select('huaweicloud_exporter_build_info', { region: false }), { table: true }))
        .transformations(
          columns({ instance: 'Instance', version: 'Version', revision: 'Revision', nodejs: 'Node.js' }),
        ),
      new statetimeline.PanelBuilder()
        .id(403)
        .title('Collector success')
        .description(
          'Whether each collector’s last run succeeded, per region. A failure keeps the collector’s previous ' +
            'data only up to its max age; 15 minutes of failure fire HuaweiCloudCollectorFailing.',
        )
        .datasource(datasource)
        .span(24)
        .height(8)
        .withTarget(
          target(select('huaweicloud_collector_success'), { legend: '{{collector}} {{account}} {{region}}' }),
        )
        .mappings(stateColours({ '1': 'green', '0': 'red' }, { '1': 'ok', '0': 'failing' }))
        .thresholds(thresholds({ color: 'red' }, { from: 1, color: 'green' }))
        .showValue(VisibilityMode.Never)
        .legend(legend()),
      timeseriesPanel(
        404,
        'Collector duration',
        'How long each collector took in its last run, upstream calls included; compare with the scrape timeout.',
        select('huaweicloud_collector_duration_seconds'),
        '{{collector}} {{account}} {{region}}',
      )
        .span(8)
        .unit('s'),
      timeseriesPanel(
        405,
        'Data age',
        'Age of the data each collector serves: 0 right after a refresh, up to its cache TTL while fresh, more ' +
          'while refreshes fail; dropped at its max age. Orange beyond the longest default TTL (5 minutes).',
        select('huaweicloud_collector_data_age_seconds'),
        '{{collector}} {{account}} {{region}}',
      )
        .span(8)
        .unit('s')
        .thresholds(trafficLight(300, 900))
        .thresholdsStyle(dashedThresholds()),
      timeseriesPanel(
        406,
        'Time since last successful run',
        'Since each collector last finished a run successfully. Red from 15 minutes (HuaweiCloudDataStale).',
        `time() - ${select('huaweicloud_collector_last_success_timestamp_seconds')}`,
        '{{collector}} {{account}} {{region}}',
      )
        .span(8)
        .unit('s')
        .thresholds(trafficLight(300, 900))
        .thresholdsStyle(dashedThresholds()),
      new table.PanelBuilder()
        .id(407)
        .title('Instances not polled')
        .description(
          'SWR Enterprise and API Gateway / ROMA Connect instances the lists report in a state other than ' +
            'running, with their raw status: their policies, registries and keys are not read until they run.',
        )
        .datasource(datasource)
        .span(24)
        .height(6)
        .withTarget(
          target(
            `${select('huaweicloud_swr_instance_status', { matchers: 'status!="Running"' })} or ` +
              select('huaweicloud_apig_instance_status', { matchers: 'status!~"Running|RUNNING"' }),
            { table: true },
          ),
        )
        .transformations(
          columns({
            account: 'Account',
            region: 'Region',
            gateway: 'Gateway',
            instance_id: 'Instance id',
            instance_name: 'Name',
            status: 'Status',
          }),
        ),
    ],
  };
}

/** 0 for every operation called: the `or` side that keeps error and retry panels at 0, not "No data". */
function zeroPerOperation(): string {
  return `sum by (account, service, operation) (rate(${api('huaweicloud_api_requests_total')}[$__rate_interval])) * 0`;
}

export function upstreamSection(): Section {
  return {
    title: 'Huawei Cloud APIs',
    rowId: 500,
    panels: [
      timeseriesPanel(
        501,
        'Requests by operation',
        'Requests sent to Huawei Cloud per second, retries included, by service and operation.',
        `sum by (account, service, operation) (${api('huaweicloud:api_requests:rate5m')})`,
        '{{account}} {{service}} {{operation}}',
      ).unit('reqps'),
      timeseriesPanel(
        502,
        'Responses by status code',
        'Answers per second by HTTP status; 0 means no answer (network error, timeout, abort).',
        `sum by (code) (rate(${api('huaweicloud_api_requests_total')}[$__rate_interval]))`,
        '{{code}}',
      ).unit('reqps'),
      timeseriesPanel(
        503,
        'Errors by operation and error code',
        'Failed calls per second by operation and Huawei error_code (e.g. APIG.0308 throttled, APIGW.0301 ' +
          'authentication, SVCSTG.SWR.* and HSS.* service errors); 0 for operations called without an error.',
        `sum by (account, service, operation, error_code) (rate(${api('huaweicloud_api_errors_total')}[$__rate_interval]))` +
          ` or ${zeroPerOperation()}`,
        '{{account}} {{service}} {{operation}} {{error_code}}',
      ).unit('reqps'),
      timeseriesPanel(
        504,
        'Throttled share of requests',
        'Share of requests answered 429 (APIG.0308) over 5 minutes (0 when not called). Above 10% for 15 ' +
          'minutes fires HuaweiCloudUpstreamThrottling.',
        api('huaweicloud:api_throttled_requests:ratio_rate5m'),
        '{{account}} {{service}} {{operation}}',
      )
        .unit('percentunit')
        .max(1)
        .thresholds(trafficLight(0.05, 0.1))
        .thresholdsStyle(dashedThresholds()),
      timeseriesPanel(
        505,
        'Retries by reason',
        'Retries per second by operation and reason (throttled, server_error, network, timeout); 0 for ' +
          'operations called without a retry.',
        `sum by (account, service, operation, reason) (rate(${api('huaweicloud_api_retries_total')}[$__rate_interval]))` +
          ` or ${zeroPerOperation()}`,
        '{{account}} {{service}} {{operation}} {{reason}}',
      ).unit('reqps'),
      timeseriesPanel(
        506,
        'Request latency p95 by operation',
        '95th percentile of the time one request took (each attempt counted), over 5 minutes; 0 for an ' +
          'operation not called in that time.',
        `max by (account, service, operation) (${api('huaweicloud:api_request_duration_seconds:p95_rate5m')})`,
        '{{account}} {{service}} {{operation}}',
      ).unit('s'),
      timeseriesPanel(
        507,
        'Records skipped',
        'Records left out of answers per second, by operation and reason (no readable identity: its series ' +
          'are missing while the collector succeeds). 15 minutes of skips fire HuaweiCloudRecordsSkipped; the ' +
          'warn log names the JSON path of each.',
        `sum by (account, service, operation, reason) (rate(${api('huaweicloud_api_records_skipped_total')}[$__rate_interval]))`,
        '{{account}} {{service}} {{operation}} {{reason}}',
      )
        .span(12)
        .unit('ops'),
      timeseriesPanel(
        508,
        'Unreadable fields',
        'Values that could not be read per second (e.g. a timestamp in an unknown layout), by operation and ' +
          'field: only that value’s series is missing for the record.',
        `sum by (account, service, operation, field) (rate(${api('huaweicloud_api_fields_unreadable_total')}[$__rate_interval]))`,
        '{{account}} {{service}} {{operation}} {{field}}',
      )
        .span(12)
        .unit('ops'),
    ],
  };
}
