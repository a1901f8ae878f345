// Where alert runbooks live: the project's published docs, absolute so Alertmanager and Grafana can link them
// (the mixins' runbookURLPattern). {anchor} is the alert name in lower case, the anchor of its section in
// docs/runbook.md. deploy/generate.mjs writes it into every runbook_url; --runbook-url-pattern overrides it.
export const RUNBOOK_URL_PATTERN =
  'https://github.com/huaweicloud-exporter/huaweicloud-exporter/blob/main/docs/runbook.md#{anchor}';
