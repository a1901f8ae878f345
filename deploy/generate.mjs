// Writes the Kubernetes manifests that copy files kept elsewhere in the repository, so there is one source:
//   deploy/kubernetes/prometheusrule.yaml      <- rules/huaweicloud-exporter.rules.yml (comments kept)
//   deploy/kubernetes/grafana-dashboards.yaml  <- grafana/dashboards/*.json (Grafana sidecar ConfigMap)
//
//   node deploy/generate.mjs            rewrite both
//   node deploy/generate.mjs --check    write nothing; exit 1 and name the stale files when they differ

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Document, parseDocument } from 'yaml';

const root = new URL('../', import.meta.url);
const at = (path) => fileURLToPath(new URL(path, root));
const NAME = 'huaweicloud-exporter';
const LABELS = { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/part-of': NAME };
const GENERATED =
  ' Generated from %s by deploy/generate.mjs: change the source, not this file,\n then run `node deploy/generate.mjs`.';

function readYaml(path) {
  const document = parseDocument(readFileSync(at(path), 'utf8'));
  if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0].message}`);
  return document;
}

function prometheusRule() {
  const source = 'rules/huaweicloud-exporter.rules.yml';
  const groups = readYaml(source).get('groups', true);
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
  const dir = 'grafana/dashboards/';
  const files = readdirSync(at(dir))
    .filter((file) => file.endsWith('.json'))
    .sort();
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

const outputs = new Map([
  ['deploy/kubernetes/prometheusrule.yaml', prometheusRule()],
  ['deploy/kubernetes/grafana-dashboards.yaml', grafanaDashboards()],
]);

if (process.argv.includes('--check')) {
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
    writeFileSync(at(path), text);
    console.log(`wrote ${path}`);
  }
}
