// jsonnet -J mixin -m OUT mixin/build.jsonnet: the rules (as JSON, which promtool and Prometheus read as
// YAML) and each dashboard, under the names of the committed files.
local mixin = import 'mixin.libsonnet';
{ 'huaweicloud-exporter.rules.yml': mixin.prometheusAlerts } + {
  ['dashboards/' + name]: mixin.grafanaDashboards[name]
  for name in std.objectFields(mixin.grafanaDashboards)
}
