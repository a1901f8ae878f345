// deploy/helm/huaweicloud-exporter, checked without helm (none is installable here; scripts/helm/test.sh
// renders it where helm exists): the chart's version is the package's, every value a template reads is in
// values.yaml, the CI value sets name only existing values, the default config is one the exporter accepts,
// no credentials sit in the values, and every template opens and closes its actions and blocks in pairs.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateConfig } from '../../src/config.js';

const CHART = 'deploy/helm/huaweicloud-exporter';
const read = (path: string): string => readFileSync(join(CHART, path), 'utf8');
const values = parse(read('values.yaml')) as Record<string, unknown>;
const templates = readdirSync(join(CHART, 'templates')).map((file) => ({
  file,
  text: read(`templates/${file}`),
}));

/** Whether values.yaml has the dotted path; a `{}` default is a free map (labels, annotations) taking any key. */
function has(root: unknown, path: string[]): boolean {
  let node: unknown = root;
  for (const key of path) {
    if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length === 0) {
      return true;
    }
    if (node === null || typeof node !== 'object' || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/** Every dotted key path of an object's leaves and inner nodes. */
function paths(node: unknown, prefix: string[] = []): string[][] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [prefix];
  return Object.entries(node).flatMap(([key, child]) => paths(child, [...prefix, key]));
}

describe('the Helm chart', () => {
  it('has the version of the package', () => {
    const chart = parse(read('Chart.yaml')) as { version: string; appVersion: string; name: string };
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(chart).toMatchObject({
      name: 'huaweicloud-exporter',
      version: pkg.version,
      appVersion: pkg.version,
    });
  });

  it('reads only values that values.yaml defines', () => {
    const read = templates.flatMap(({ file, text }) =>
      [...text.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((m) => ({
        file,
        path: (m[1] as string).slice(1).split('.'),
      })),
    );
    expect(read.length).toBeGreaterThan(20);
    for (const { file, path } of read)
      expect(has(values, path), `${file}: .Values.${path.join('.')}`).toBe(true);
  });

  it.each(readdirSync(join(CHART, 'ci')))('ci/%s sets only values that exist', (file) => {
    const set = parse(read(`ci/${file}`)) as Record<string, unknown>;
    for (const path of paths(set)) expect(has(values, path), path.join('.')).toBe(true);
  });

  it('renders a config the exporter accepts, and no credentials of its own', () => {
    expect(() => validateConfig(values.config, 'values.yaml config')).not.toThrow();
    const text = read('values.yaml');
    expect(text).not.toMatch(/^\s*(ak|sk|password|sign_secret|security_token)\s*:/im);
    expect(values.credentials).toMatchObject({ existingSecret: 'huaweicloud-exporter-credentials' });
    expect(values.existingConfigMap).toBe('');
  });

  it('keeps the pod non-root with a read-only root filesystem and probes on the health paths', () => {
    expect(values.podSecurityContext).toMatchObject({ runAsNonRoot: true });
    expect(values.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    const workload = read('templates/workload.yaml');
    expect(workload).toMatch(/livenessProbe:\n\s+httpGet:\n\s+path: \/-\/healthy/);
    expect(workload).toMatch(/readinessProbe:\n\s+httpGet:\n\s+path: \/-\/ready/);
  });

  it('divides the budgets across replicas: client.replicas from the replica count, unless the config sets it', () => {
    const configMap = read('templates/configmap.yaml');
    const workload = read('templates/workload.yaml');
    // The same count the workload runs…
    expect(workload).toContain(
      'replicas: {{ ternary .Values.scaleOut.replicas .Values.replicas $scaleOut }}',
    );
    expect(configMap).toContain(
      '$replicas := int (ternary .Values.scaleOut.replicas .Values.replicas .Values.scaleOut.enabled)',
    );
    // …merged into a copy of the config when there are several and the config leaves client.replicas out…
    expect(configMap).toContain('$config := deepCopy .Values.config');
    expect(configMap).toContain('if and (gt $replicas 1) (not (hasKey $client "replicas"))');
    expect(configMap).toContain('set $client "replicas" $replicas');
    // …and that copy is what is rendered, and what the pods' checksum follows.
    expect(configMap).toContain('toYaml $config | nindent 4');
    expect(configMap).not.toContain('toYaml .Values.config');
    expect(workload).toContain('checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") .');
    // The default config leaves it out, so the chart's count applies.
    expect((values.config as { client?: { replicas?: number } }).client?.replicas).toBeUndefined();
  });

  it('mounts the web config beside the config, not inside its read-only mount', () => {
    const workload = read('templates/workload.yaml');
    const mounts = [...workload.matchAll(/mountPath: (\S+)/g)].map((m) => m[1] as string);
    expect(mounts).toContain('/etc/huaweicloud-exporter');
    for (const outer of mounts) {
      for (const inner of mounts)
        expect(inner.startsWith(`${outer}/`), `${inner} inside ${outer}`).toBe(false);
    }
    const webConfig = /--web\.config\.file=(\S+)/.exec(workload)?.[1] ?? '';
    expect(mounts.some((m) => webConfig.startsWith(`${m}/`) && m.endsWith('-web'))).toBe(true);
    expect(read('values.yaml')).toMatch(
      /httpGet probes send no client certificate[\s\S]*RequireAndVerifyClientCert/,
    );
  });

  it('scale-out: the ServiceMonitor leaves out the headless Service, so no replica is scraped twice', () => {
    expect(read('templates/service.yaml')).toMatch(
      /-headless\n {2}labels:\n(?: {4}.*\n)* {4}huaweicloud-exporter\/headless: "true"/,
    );
    expect(read('templates/servicemonitor.yaml')).toMatch(
      /- key: huaweicloud-exporter\/headless\n\s+operator: DoesNotExist/,
    );
  });

  it.each(templates)('$file pairs {{ with }} and its blocks with ends', ({ text }) => {
    expect(text.split('{{').length).toBe(text.split('}}').length);
    const opened = text.match(/\{\{-?\s*(if|with|range|define)\b/g)?.length ?? 0;
    const closed = text.match(/\{\{-?\s*end\b/g)?.length ?? 0;
    expect(closed).toBe(opened);
  });
});
