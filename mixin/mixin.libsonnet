// The huaweicloud-exporter monitoring mixin: the project's rules and dashboards, with the job selector,
// runbook links and thresholds from _config. It does not restate them: generated/ holds copies of
// rules/huaweicloud-exporter.rules.yml (as JSON) and grafana/dashboards/*.json (deploy/generate.mjs writes
// and checks them), so the rules file and the dashboards code stay the one source.
local defaults = (import 'config.libsonnet')._config;
local source = import 'generated/huaweicloud-exporter.rules.json';

// Each threshold, the text it has in the source expression, and the alert it belongs to.
local thresholdSites = [
  { alert: 'HuaweiCloudDataStale', key: 'dataStaleSeconds', text: '> 900' },
  { alert: 'HuaweiCloudSwrSignatureNoRecentSuccess', key: 'signatureNoSuccessSeconds', text: '> 24 * 3600' },
  { alert: 'HuaweiCloudHssRegistryNotSynced', key: 'hssNotSyncedSeconds', text: '> 48 * 3600' },
  { alert: 'HuaweiCloudApigSignatureKeyRotationDue', key: 'signatureKeyRotationSeconds', text: '> 90 * 86400' },
  { alert: 'HuaweiCloudUpstreamThrottling', key: 'throttledRatio', text: '> 0.1' },
  { alert: 'HuaweiCloudSwrReplicationScheduleMissed', key: 'replicationScheduleWindowSeconds', text: '> 25 * 3600' },
  { alert: 'HuaweiCloudSwrRetentionScheduleMissed', key: 'retentionScheduleWindowSeconds', text: '> 25 * 3600' },
];

local replaceOnce(text, from, to) =
  assert std.length(std.findSubstr(from, text)) == 1 : 'mixin: "%s" is not once in its rule: update thresholdSites' % from;
  std.strReplace(text, from, to);

local configured(config, rule) =
  if !std.objectHas(rule, 'alert') then rule
  else
    local sites = [s for s in thresholdSites if s.alert == rule.alert];
    // The source text stays as written while a threshold keeps its default, so defaults change nothing.
    local withThresholds = std.foldl(
      function(expr, s)
        if config.thresholds[s.key] == defaults.thresholds[s.key] then expr
        else replaceOnce(expr, s.text, '> ' + config.thresholds[s.key]),
      sites,
      rule.expr
    );
    rule {
      expr: std.strReplace(withThresholds, defaults.jobSelector, config.jobSelector),
      annotations+: { runbook_url: config.runbookURLPattern % std.asciiLower(rule.alert) },
    };

(import 'config.libsonnet') + {
  // Alerts and the recording rules they read stay in one group, in their order: Prometheus evaluates rules
  // in order only within a group, so the alerts see this evaluation's recorded values. The whole group is
  // therefore under prometheusAlerts; prometheusRules is empty rather than a second copy of the records.
  prometheusAlerts+:: {
    groups+: [
      group { rules: [configured($._config, rule) for rule in group.rules] }
      for group in source.groups
    ],
  },
  prometheusRules+:: { groups+: [] },
  grafanaDashboards+:: {
    'huaweicloud-exporter.json': import 'generated/dashboards/huaweicloud-exporter.json',
    'huaweicloud-supply-chain.json': import 'generated/dashboards/huaweicloud-supply-chain.json',
  },
}
