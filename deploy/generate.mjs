// Writes the files that copy or derive from others, so there is one source:
//   rules/huaweicloud-exporter.rules.yml       runbook_url of every alert <- RUNBOOK_URL_PATTERN + its anchor
//   rules/tests/*.test.yml                     the same runbook_url in the expected annotations
//   deploy/kubernetes/prometheusrule.yaml      <- rules/huaweicloud-exporter.rules.yml (comments kept)
//   deploy/kubernetes/grafana-dashboards.yaml  <- grafana/dashboards/*.json (Grafana sidecar ConfigMap)
//   deploy/helm/huaweicloud-exporter/files/    copies of the rules and dashboards (a chart reads only its own
//   mixin/generated/                           folder, and so does a vendored mixin): see CHART_FILES below
//
//   node deploy/generate.mjs            rewrite them
//   node deploy/generate.mjs --check    write nothing; exit 1 and name the stale files when they differ
//   node deploy/generate.mjs --runbook-url-pattern='https://wiki.example.com/runbooks/{anchor}' --out=DIR
//                                       the rules and the PrometheusRule with your runbook links, into DIR
//                                       (the repository's files keep the default)

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, parseDocument } from 'yaml';
import { RUNBOOK_URL_PATTERN } from './runbook-url.mjs';

const root = new URL('../', import.meta.url);
const at = (path) => fileURLToPath(new URL(path, root));
const NAME = 'huaweicloud-exporter';
const LABELS = { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/part-of': NAME };
const GENERATED =
  ' Generated from %s by deploy/generate.mjs: change the source, not this file,\n then run `node deploy/generate.mjs`.';

const RULES = 'rules/huaweicloud-exporter.rules.yml';

function option(name) {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

const pattern = option('runbook-url-pattern') ?? RUNBOOK_URL_PATTERN;
if (!pattern.includes('{anchor}') || !/^https?:\/\/[^\s]+$/.test(pattern.replace('{anchor}', 'x'))) {
  console.error(
    `--runbook-url-pattern: must be an absolute http(s) URL containing {anchor}, got "${pattern}"`,
  );
  process.exit(2);
}

/**
 * The text with every runbook_url set from the pattern, for the alert named on the nearest line above it
 * (`- alert: X` in the rules, `alertname: X` in promtool tests). Text, not YAML, so comments and layout stay.
 */
function withRunbookUrls(text, path) {
  let alert;
  return text
    .split('\n')
    .map((line) => {
      const named = /^\s*(?:- alert|alertname):\s*(\S+)\s*$/.exec(line);
      if (named) alert = named[1];
      const url = /^(\s*runbook_url:\s*).*$/.exec(line);
      if (!url) return line;
      if (alert === undefined) throw new Error(`${path}: runbook_url before any alert name`);
      return `${url[1]}${pattern.replace('{anchor}', alert.toLowerCase())}`;
    })
    .join('\n');
}

function readText(path) {
  return readFileSync(at(path), 'utf8');
}

function readYaml(path, text = readText(path)) {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0].message}`);
  return document;
}

function prometheusRule(rulesText) {
  const source = RULES;
  const groups = readYaml(source, rulesText).get('groups', true);
  if (groups === undefined) throw new Error(`${source}: has no groups`);
  const document = new Document({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    // The Prometheus operator picks rules by label (ruleSelector): add yours, e.g. release: <helm release>.
    metadata: { name: NAME, labels: LABELS },
    spec: {},
  });
  document.setIn(['spec', 'groups'], groups);
  document.commentBefore = GENERATED.replace('%s', source);
  return document.toString({ lineWidth: 110 });
}

function grafanaDashboards() {
  const dir = DASHBOARDS;
  const files = dashboardFiles;
  if (files.length === 0) throw new Error(`${dir}: has no dashboards`);
  const document = new Document({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${NAME}-dashboards`,
      // The label the Grafana Helm chart's sidecar looks for; the annotation names the folder when the
      // sidecar's folderAnnotation is set to grafana_folder.
      labels: { ...LABELS, grafana_dashboard: '1' },
      annotations: { grafana_folder: 'Huawei Cloud' },
    },
    data: Object.fromEntries(files.map((file) => [file, readFileSync(at(dir + file), 'utf8')])),
  });
  document.commentBefore = GENERATED.replace('%s', `${dir}*.json`);
  return document.toString({ lineWidth: 0 });
}

const rulesText = withRunbookUrls(readText(RULES), RULES);

// Where the chart and the mixin keep their copies of the rules and dashboards.
const CHART_FILES = 'deploy/helm/huaweicloud-exporter/files/';
const MIXIN_FILES = 'mixin/generated/';
const DASHBOARDS = 'grafana/dashboards/';
const dashboardFiles = readdirSync(at(DASHBOARDS))
  .filter((file) => file.endsWith('.json'))
  .sort();
const dashboardCopies = (dir) =>
  dashboardFiles.map((file) => [`${dir}dashboards/${file}`, readText(DASHBOARDS + file)]);
const copies = [
  [`${CHART_FILES}huaweicloud-exporter.rules.yml`, rulesText],
  ...dashboardCopies(CHART_FILES),
  // As JSON for jsonnet to import: Debian's jsonnet (0.18) std.parseYaml folds `>-` scalars with
  // more-indented lines wrongly, so the YAML is read here, by the same parser the tests use.
  [
    `${MIXIN_FILES}huaweicloud-exporter.rules.json`,
    `${JSON.stringify(readYaml(RULES, rulesText).toJS(), null, 2)}\n`,
  ],
  ...dashboardCopies(MIXIN_FILES),
];
const out = option('out');
const testFiles = readdirSync(at('rules/tests/'))
  .filter((file) => file.endsWith('.test.yml'))
  .sort()
  .map((file) => `rules/tests/${file}`);
const outputs =
  out === undefined
    ? new Map([
        [RULES, rulesText],
        ...testFiles.map((path) => [path, withRunbookUrls(readText(path), path)]),
        ['deploy/kubernetes/prometheusrule.yaml', prometheusRule(rulesText)],
        ['deploy/kubernetes/grafana-dashboards.yaml', grafanaDashboards()],
        ...copies,
      ])
    : new Map([
        [join(out, 'huaweicloud-exporter.rules.yml'), rulesText],
        [join(out, 'prometheusrule.yaml'), prometheusRule(rulesText)],
      ]);

if (out !== undefined) {
  mkdirSync(out, { recursive: true });
  for (const [path, text] of outputs) {
    writeFileSync(path, text);
    console.log(`wrote ${path}`);
  }
} else if (process.argv.includes('--check')) {
  const stale = [...outputs].filter(([path, text]) => {
    try {
      return readFileSync(at(path), 'utf8') !== text;
    } catch {
      return true;
    }
  });
  for (const [path] of stale) console.error(`${path} is stale: run node deploy/generate.mjs`);
  process.exitCode = stale.length > 0 ? 1 : 0;
} else {
  for (const [path, text] of outputs) {
    mkdirSync(dirname(at(path)), { recursive: true });
    writeFileSync(at(path), text);
    console.log(`wrote ${path}`);
  }
}
