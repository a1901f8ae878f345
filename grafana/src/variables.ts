// Dashboard variables: which Prometheus, which exporter instances, which Huawei Cloud accounts and regions.

import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { datasource } from './panels.js';

export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus');
}

/** The exporter's scrape targets: Prometheus's `instance` label (the exporter never sets one itself). */
export function instanceVariable(): QueryVariableBuilder {
  const query = 'label_values(huaweicloud_exporter_build_info, instance)';
  return new QueryVariableBuilder('instance')
    .label('Exporter')
    .description('Exporter instances (scrape targets) to show.')
    .datasource(datasource)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true);
}

export function regionVariable(): QueryVariableBuilder {
  const query =
    'label_values(huaweicloud_collector_success{instance=~"$instance", account=~"$account"}, region)';
  return (
    new QueryVariableBuilder('region')
      .label('Region')
      .description('Huawei Cloud regions to show.')
      .datasource(datasource)
      .query(query)
      .definition(query)
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc)
      .multi(true)
      .includeAll(true)
      // Every region-labelled series comes from this exporter already: `.*` keeps "All" queries short.
      .allValue('.*')
  );
}

/**
 * The `account` label (docs/accounts.md), present only when the exporter has `accounts` configured. Without
 * it the list is empty and "All" stays selected: `account=~".*"` also matches a series without the label.
 */
export function accountVariable(): QueryVariableBuilder {
  const query = 'label_values(huaweicloud_collector_success{instance=~"$instance"}, account)';
  return new QueryVariableBuilder('account')
    .label('Account')
    .description('Huawei Cloud accounts to show (with accounts configured; otherwise All).')
    .datasource(datasource)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*');
}

export function variables() {
  return [datasourceVariable(), instanceVariable(), accountVariable(), regionVariable()];
}
