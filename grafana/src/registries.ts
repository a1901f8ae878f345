// Registries: SWR Enterprise replication targets and the image registries Host Security Service scans.

import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import {
  ReduceDataOptionsBuilder,
  StackingConfigBuilder,
  StackingMode,
  VizOrientation,
} from '@grafana/grafana-foundation-sdk/common';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import {
  ageTable,
  colouredCell,
  columns,
  datasource,
  legend,
  SECONDS_PER_HOUR,
  select,
  seriesColor,
  stateColours,
  statPanel,
  target,
  thresholds,
} from './panels.js';
import type { Section } from './section.js';

const healthy = 'huaweicloud_swr_registry_healthy';

export function registriesSection(): Section {
  return {
    title: 'Registries (SWR replication targets, HSS)',
    rowId: 200,
    panels: [
      statPanel(
        201,
        'Replication targets',
        'SWR Enterprise replication target registries by health (ListInstanceRegistries).',
      )
        .height(8)
        .withTarget(target(`count(${select(healthy)} == 1)`, { legend: 'Healthy', refId: 'A' }))
        .withTarget(target(`count(${select(healthy)} == 0)`, { legend: 'Unhealthy', refId: 'B' }))
        .noValue('0')
        .unit('short')
        .thresholds(thresholds({ color: 'green' }))
        .overrideByQuery('B', [
          { id: 'thresholds', value: thresholds({ color: 'green' }, { from: 1, color: 'red' }).build() },
        ]),
      new table.PanelBuilder()
        .id(202)
        .title('Replication target health')
        .description(
          'Each replication target registry of each SWR Enterprise instance, with the health the instance ' +
            'reports for it; unhealthy ones fire HuaweiCloudSwrRegistryUnhealthy after 10 minutes.',
        )
        .datasource(datasource)
        .span(18)
        .height(8)
        .withTarget(
          target(
            `${select(healthy)} * on (job, instance, account, region, instance_id, registry_id) group_left (type, url) ` +
              select('huaweicloud_swr_registry_info'),
            { table: true },
          ),
        )
        .transformations(
          columns({
            account: 'Account',
            region: 'Region',
            instance_id: 'SWR instance',
            registry_name: 'Registry',
            type: 'Type',
            url: 'URL',
            Value: 'Health',
          }),
        )
        .overrideByName('Health', [
          {
            id: 'mappings',
            value: stateColours({ '1': 'green', '0': 'red' }, { '1': 'healthy', '0': 'unhealthy' }),
          },
          colouredCell,
        ]),
      new timeseries.PanelBuilder()
        .id(203)
        .title('HSS registries by status')
        .description(
          'Image registries connected to Host Security Service, by access status (HSS ListRegistry).',
        )
        .datasource(datasource)
        .span(12)
        .height(8)
        .withTarget(
          target(`count by (status) (${select('huaweicloud_hss_registry_status')} == 1)`, {
            legend: '{{status}}',
          }),
        )
        .unit('short')
        .min(0)
        .fillOpacity(30)
        .stacking(new StackingConfigBuilder().mode(StackingMode.Normal))
        .legend(legend())
        .overrides([
          seriesColor('success', 'green'),
          seriesColor('fail', 'red'),
          seriesColor('accessing', 'blue'),
        ]),
      new table.PanelBuilder()
        .id(204)
        .title('HSS registries failing, by reason')
        .description(
          'Registries HSS cannot access, with its fail_reason: CREATE_JOB_FAILED (cluster access abnormal), ' +
            'REQUEST_API_ERROR (network or registry unreachable), SERVER_ERROR (HSS internal).',
        )
        .datasource(datasource)
        .span(12)
        .height(8)
        .withTarget(target(`${select('huaweicloud_hss_registry_failed')} == 1`, { table: true }))
        .transformations(
          columns({
            account: 'Account',
            region: 'Region',
            registry_name: 'Registry',
            registry_id: 'Id',
            fail_reason: 'Fail reason',
          }),
        )
        .overrideByName('Fail reason', [
          { id: 'color', value: { mode: 'fixed', fixedColor: 'red' } },
          colouredCell,
        ]),
      new bargauge.PanelBuilder()
        .id(205)
        .title('Images per HSS registry')
        .description('Images HSS knows in each registry (images_num of HSS ListRegistry).')
        .datasource(datasource)
        .span(12)
        .height(8)
        .withTarget(
          target(select('huaweicloud_hss_registry_images'), { legend: '{{registry_name}}', table: false }),
        )
        .reduceOptions(new ReduceDataOptionsBuilder().values(false).calcs(['lastNotNull']))
        .orientation(VizOrientation.Horizontal)
        .unit('short')
        .min(0)
        .thresholds(thresholds({ color: 'blue' })),
      ageTable({
        id: 206,
        title: 'Time since last HSS sync',
        description:
          'Age of the last image-list sync of each registry (latest_sync_time of HSS ListRegistry). Orange ' +
          'after 24 h, red after 48 h (the HuaweiCloudHssRegistryNotSynced threshold).',
        expr: select('huaweicloud:hss_registry_last_sync_age_seconds'),
        labels: { account: 'Account', region: 'Region', registry_name: 'Registry', registry_id: 'Id' },
        ageHeader: 'Since last sync',
        warnFrom: 24 * SECONDS_PER_HOUR,
        criticalFrom: 48 * SECONDS_PER_HOUR,
      }),
    ],
  };
}
