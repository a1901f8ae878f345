// Image signing: SWR Enterprise signature policies, their latest execution and its per-repository tasks.

import { StackingConfigBuilder, StackingMode } from '@grafana/grafana-foundation-sdk/common';
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

const EXECUTION_STATUS_COLOURS = { Succeed: 'green', Failed: 'red', InProgress: 'blue', Stopped: 'orange' };

// Harbor's job-service vocabulary, which SWR Enterprise reports raw; `Failed` is kept for safety.
const FAILED_TASK_STATUSES = 'Error|Failed';

/** Adds the policy's name: only huaweicloud_swr_signature_policy_info carries it. */
function withPolicyName(expr: string): string {
  return (
    `(${expr}) * on (job, instance, account, region, instance_id, namespace, policy_id) group_left (policy_name) ` +
    select('huaweicloud_swr_signature_policy_info')
  );
}

const policyColumns = {
  account: 'Account',
  region: 'Region',
  instance_id: 'SWR instance',
  namespace: 'Namespace',
  policy_name: 'Policy',
};

/** A count that is 0, not empty, when nothing matches (`or vector(0)`), so the panel never says "No data". */
function countStat(id: number, title: string, description: string, expr: string, alarmColor: string) {
  return statPanel(id, title, description)
    .withTarget(target(`${expr} or vector(0)`, { table: true }))
    .noValue('0')
    .unit('short')
    .thresholds(thresholds({ color: 'green' }, { from: 1, color: alarmColor }));
}

export function signingSection(): Section {
  const status = 'huaweicloud_swr_signature_last_execution_status';
  return {
    title: 'Image signing (SWR Enterprise)',
    rowId: 100,
    panels: [
      statPanel(
        101,
        'Signature policies',
        'Signature policies found (ListInstanceSignPolicies), enabled or not.',
      )
        .withTarget(
          target(`count(${select('huaweicloud_swr_signature_policy_info')}) or vector(0)`, { table: true }),
        )
        .noValue('0')
        .unit('short')
        .thresholds(thresholds({ color: 'text' })),
      countStat(
        102,
        'Latest execution failed',
        'Policies whose latest execution ended Failed (ListInstanceSignPolicyExecutions).',
        `count(${select(status, { matchers: 'status="Failed"' })} == 1)`,
        'red',
      ),
      countStat(
        103,
        'Latest execution in progress',
        'Policies whose latest execution is still InProgress.',
        `count(${select(status, { matchers: 'status="InProgress"' })} == 1)`,
        'blue',
      ),
      countStat(
        104,
        'Failed tasks in latest executions',
        'Repositories whose signing task failed in the latest execution of their policy, summed over policies.',
        `sum(${select('huaweicloud_swr_signature_last_execution_tasks', { matchers: 'result="failed"' })})`,
        'red',
      ),
      new table.PanelBuilder()
        .id(105)
        .title('Last execution status per policy')
        .description('Status of the newest execution of each signature policy (highest execution id).')
        .datasource(datasource)
        .span(24)
        .height(8)
        .withTarget(target(withPolicyName(`${select(status)} == 1`), { table: true }))
        .transformations(columns({ ...policyColumns, status: 'Status' }))
        .overrideByName('Status', [
          { id: 'mappings', value: stateColours(EXECUTION_STATUS_COLOURS) },
          colouredCell,
        ]),
      new timeseries.PanelBuilder()
        .id(106)
        .title('Tasks of the latest executions by result')
        .description(
          'Per-repository signing tasks of each policy’s latest execution, summed over policies, by result ' +
            '(execution counters of ListInstanceSignPolicyExecutions).',
        )
        .datasource(datasource)
        .span(12)
        .height(8)
        .withTarget(
          target(
            `sum by (result) (${select('huaweicloud_swr_signature_last_execution_tasks', {
              matchers: 'result=~"succeed|failed|in_progress"',
            })})`,
            { legend: '{{result}}' },
          ),
        )
        .unit('short')
        .min(0)
        .fillOpacity(30)
        .stacking(new StackingConfigBuilder().mode(StackingMode.Normal))
        .legend(legend())
        .overrides([
          seriesColor('succeed', 'green'),
          seriesColor('failed', 'red'),
          seriesColor('in_progress', 'blue'),
        ]),
      new table.PanelBuilder()
        .id(107)
        .title('Failed repositories of the latest execution')
        .description(
          'Repositories whose signing task failed in the latest execution of their policy ' +
            '(ListInstanceSignPolicyExecTasks; capped per policy by the exporter config).',
        )
        .datasource(datasource)
        .span(12)
        .height(8)
        .withTarget(
          target(
            withPolicyName(
              `${select('huaweicloud_swr_signature_task_status', { matchers: `status=~"${FAILED_TASK_STATUSES}"` })} > 0`,
            ),
            { table: true },
          ),
        )
        .transformations(
          columns({ ...policyColumns, repository: 'Repository', status: 'Task status', Value: 'Tasks' }),
        )
        .overrideByName('Task status', [
          { id: 'color', value: { mode: 'fixed', fixedColor: 'red' } },
          colouredCell,
        ]),
      ageTable({
        id: 108,
        title: 'Time since last successful signing',
        description:
          'Age of the newest succeeded execution seen per policy. Orange after 12 h, red after 24 h (the ' +
          'HuaweiCloudSwrSignatureNoRecentSuccess threshold). Event-triggered policies only run on pushes.',
        expr: select('huaweicloud:swr_signature_last_success_age_seconds'),
        labels: policyColumns,
        ageHeader: 'Since last success',
        warnFrom: 12 * SECONDS_PER_HOUR,
        criticalFrom: 24 * SECONDS_PER_HOUR,
      }),
      new timeseries.PanelBuilder()
        .id(109)
        .title('Executions per policy')
        .description(
          'Executions each policy has on record (the `total` of ListInstanceSignPolicyExecutions); a rise is a ' +
            'new execution. Top 20 policies.',
        )
        .datasource(datasource)
        .span(12)
        .height(8)
        .withTarget(
          target(`topk(20, ${withPolicyName(select('huaweicloud_swr_signature_executions'))})`, {
            legend: '{{namespace}}/{{policy_name}}',
          }),
        )
        .unit('short')
        .min(0)
        .legend(legend()),
    ],
  };
}
