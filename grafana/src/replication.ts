// Replication and retention: SWR Enterprise image replication policies (with the health of the registry each
// pushes to or pulls from) and image retention (clean-up) policies, by their latest execution.

import * as table from '@grafana/grafana-foundation-sdk/table';
import {
  ageTable,
  colouredCell,
  columns,
  datasource,
  SECONDS_PER_HOUR,
  select,
  stateColours,
  statPanel,
  target,
  thresholds,
} from './panels.js';
import type { Section } from './section.js';

const EXECUTION_STATUS_COLOURS = { Succeed: 'green', Failed: 'red', InProgress: 'blue', Stopped: 'orange' };
const replicationStatus = 'huaweicloud_swr_replication_last_execution_status';
const replicationInfo = 'huaweicloud_swr_replication_policy_info';
const retentionStatus = 'huaweicloud_swr_retention_last_execution_status';

const policyColumns = {
  account: 'Account',
  region: 'Region',
  instance_id: 'SWR instance',
  policy_name: 'Policy',
};

export function replicationSection(): Section {
  return {
    title: 'Replication and retention (SWR Enterprise)',
    rowId: 600,
    panels: [
      statPanel(
        601,
        'Replication failing',
        'Replication policies whose latest execution ended Failed (ListInstanceReplicationPolicyExecutions).',
      )
        .withTarget(
          target(`count(${select(replicationStatus, { matchers: 'status="Failed"' })} == 1) or vector(0)`, {
            table: true,
          }),
        )
        .noValue('0')
        .unit('short')
        .thresholds(thresholds({ color: 'green' }, { from: 1, color: 'red' })),
      new table.PanelBuilder()
        .id(602)
        .title('Failing replication policies and their registry')
        .description(
          'Replication policies whose latest execution failed, with the health SWR reports for the registry ' +
            'they push to or pull from (huaweicloud_swr_registry_healthy): "unhealthy" there is the likely ' +
            'cause. A policy whose registry is not listed any more does not appear here; see the status table.',
        )
        .datasource(datasource)
        .span(18)
        .height(8)
        .withTarget(
          target(
            `(${select(replicationStatus, { matchers: 'status="Failed"' })} == 1)` +
              ' * on (job, instance, account, region, instance_id, policy_id) group_left (policy_name, direction, registry_id) ' +
              `${select(replicationInfo)}` +
              ' * on (job, instance, account, region, instance_id, registry_id) group_left (registry_name) ' +
              select('huaweicloud_swr_registry_healthy'),
            { table: true },
          ),
        )
        .transformations(
          columns({
            ...policyColumns,
            direction: 'Direction',
            registry_name: 'Registry',
            Value: 'Registry health',
          }),
        )
        .overrideByName('Registry health', [
          {
            id: 'mappings',
            value: stateColours({ '1': 'green', '0': 'red' }, { '1': 'healthy', '0': 'unhealthy' }),
          },
          colouredCell,
        ]),
      new table.PanelBuilder()
        .id(603)
        .title('Last replication execution status per policy')
        .description('Status of the newest execution of each replication policy (highest execution id).')
        .datasource(datasource)
        .span(12)
        .height(8)
        .withTarget(
          target(
            `(${select(replicationStatus)} == 1)` +
              ' * on (job, instance, account, region, instance_id, policy_id) group_left (policy_name, trigger) ' +
              select(replicationInfo),
            { table: true },
          ),
        )
        .transformations(columns({ ...policyColumns, trigger: 'Trigger', status: 'Status' }))
        .overrideByName('Status', [
          { id: 'mappings', value: stateColours(EXECUTION_STATUS_COLOURS) },
          colouredCell,
        ]),
      new table.PanelBuilder()
        .id(604)
        .title('Last retention execution status per policy')
        .description('Status of the newest execution of each image retention (clean-up) policy.')
        .datasource(datasource)
        .span(12)
        .height(8)
        .withTarget(
          target(
            `(${select(retentionStatus)} == 1)` +
              ' * on (job, instance, account, region, instance_id, namespace, policy_id) group_left (policy_name) ' +
              select('huaweicloud_swr_retention_policy_info'),
            { table: true },
          ),
        )
        .transformations(columns({ ...policyColumns, namespace: 'Namespace', status: 'Status' }))
        .overrideByName('Status', [
          { id: 'mappings', value: stateColours(EXECUTION_STATUS_COLOURS) },
          colouredCell,
        ]),
      ageTable({
        id: 605,
        title: 'Time since the last replication execution',
        description:
          'Since the latest execution of each replication policy started. Red after 25 h for an enabled ' +
          'scheduled policy is HuaweiCloudSwrReplicationScheduleMissed; event-based and manual policies run ' +
          'only when something triggers them.',
        expr: select('huaweicloud:swr_replication_last_execution_age_seconds'),
        labels: { ...policyColumns, trigger: 'Trigger' },
        ageHeader: 'Since last execution',
        warnFrom: 12 * SECONDS_PER_HOUR,
        criticalFrom: 25 * SECONDS_PER_HOUR,
      }),
      ageTable({
        id: 606,
        title: 'Time since the last retention execution',
        description:
          'Since the latest execution of each retention policy started; red after 25 h (the ' +
          'HuaweiCloudSwrRetentionScheduleMissed window for scheduled policies).',
        expr: select('huaweicloud:swr_retention_last_execution_age_seconds'),
        labels: { ...policyColumns, namespace: 'Namespace', trigger: 'Trigger' },
        ageHeader: 'Since last execution',
        warnFrom: 12 * SECONDS_PER_HOUR,
        criticalFrom: 25 * SECONDS_PER_HOUR,
      }),
    ],
  };
}
