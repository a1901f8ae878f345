import { describe, expect, it } from 'vitest';
import { legendLabels, scanQuery } from '../../grafana/src/promql.js';

describe('scanQuery', () => {
  it('tells metrics from functions, aggregations, keywords, strings, durations and variables', () => {
    const use = scanQuery(
      'sum by (service, operation) (rate(huaweicloud_api_requests_total{code="429", instance=~"$instance"}[$__rate_interval])) ' +
        'or on (job) huaweicloud:api_requests:rate5m * 0 > bool 0.1 unless absent(up offset 5m) and vector(1)',
    );
    expect(use.selectors).toEqual([
      { metric: 'huaweicloud_api_requests_total', labels: ['code', 'instance'] },
      { metric: 'huaweicloud:api_requests:rate5m', labels: [] },
      { metric: 'up', labels: [] },
    ]);
    expect(use.groupingLabels).toEqual(['service', 'operation', 'job']);
  });

  it('reads group_left labels and ignores label-like text inside matcher values', () => {
    const use = scanQuery(
      '(m{status=~"Error|Failed", repo="a,b=\\"c\\""} > 0) * on (region, policy_id) group_left (policy_name) info{x="y"}',
    );
    expect(use.selectors).toEqual([
      { metric: 'm', labels: ['status', 'repo'] },
      { metric: 'info', labels: ['x'] },
    ]);
    expect(use.groupingLabels).toEqual(['region', 'policy_id', 'policy_name']);
  });

  it('handles aggregation parameters, numbers in exponent form and subqueries', () => {
    const use = scanQuery('topk(20, max_over_time(a[1h:5m])) / 1e3 - count without (le) (b)');
    expect(use.selectors.map((s) => s.metric)).toEqual(['a', 'b']);
    expect(use.groupingLabels).toEqual(['le']);
  });
});

describe('legendLabels', () => {
  it('lists the labels a legend format refers to', () => {
    expect(legendLabels('{{namespace}}/{{ policy_name }} ok')).toEqual(['namespace', 'policy_name']);
    expect(legendLabels('Healthy')).toEqual([]);
  });
});
