// deploy/kubernetes: every manifest parses, the pieces refer to each other correctly (selectors, ports, the
// Secret, the config mount), the exporter's own CLI accepts the Deployment's args with the ConfigMap's config,
// and the generated PrometheusRule / dashboards ConfigMap match their sources (by content: a comment changed in
// the rules file alone does not fail here; `node deploy/generate.mjs --check` compares the text).

import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { DEFAULT_LISTEN_ADDRESS, main } from '../../src/cli.js';
import { parseListenAddress } from '../../src/server.js';
import { alertsOf, loadRules } from '../e2e/support/rules-file.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = join(ROOT, 'deploy/kubernetes');
const DEFAULT_PORT = parseListenAddress(DEFAULT_LISTEN_ADDRESS).port;

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: a manifest's spec is read field by field and checked by value
  [field: string]: any;
}

function readManifest(file: string): Manifest {
  const documents = parseAllDocuments(readFileSync(join(DIR, file), 'utf8'), { uniqueKeys: true });
  if (!Array.isArray(documents) || documents.length !== 1) throw new Error(`${file}: expected one document`);
  const [document] = documents;
  if (document === undefined || document.errors.length > 0) {
    throw new Error(`${file}: ${document?.errors.map((e) => e.message).join('; ')}`);
  }
  return document.toJS() as Manifest;
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
const kustomization = readManifest('kustomization.yaml');
const manifests = new Map(
  files.filter((f) => f !== 'kustomization.yaml').map((f) => [f, readManifest(f)] as const),
);
const byKind = (kind: string, name?: string): Manifest => {
  const found = [...manifests.values()].find(
    (m) => m.kind === kind && (name === undefined || m.metadata.name === name),
  );
  if (found === undefined) throw new Error(`no ${kind} ${name ?? ''} in deploy/kubernetes`);
  return found;
};

const deployment = byKind('Deployment');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const service = byKind('Service');
const configMap = byKind('ConfigMap', 'huaweicloud-exporter-config');
const secret = byKind('Secret');

describe('deploy/kubernetes manifests', () => {
  it('are each one object with apiVersion, kind and metadata.name', () => {
    expect(manifests.size).toBeGreaterThanOrEqual(7);
    for (const [file, m] of manifests) {
      expect(m.apiVersion, file).toMatch(/^([a-z0-9.-]+\/)?v\d+(beta\d+)?$/);
      expect(m.kind, file).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(m.metadata.name, file).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
  });

  it('kustomization lists every manifest except the Secret example', () => {
    const listed = [...kustomization.resources].sort();
    expect(listed).toEqual(files.filter((f) => f !== 'kustomization.yaml' && !f.includes('example')).sort());
  });

  it('the Service selects the pods and targets their named port', () => {
    expect(deployment.spec.selector.matchLabels).toEqual(service.spec.selector);
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    const [port] = service.spec.ports;
    expect(container.ports.map((p: { name: string }) => p.name)).toContain(port.targetPort);
    expect(port.port).toBe(DEFAULT_PORT);
  });

  it('the ServiceMonitor selects the Service by label and port name', () => {
    const monitor = byKind('ServiceMonitor');
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    expect(monitor.spec.endpoints.map((e: { port: string }) => e.port)).toEqual([service.spec.ports[0].name]);
  });

  it('the job label the rules expect is the Service name', () => {
    const upJob = alertsOf(loadRules())
      .map((a) => /up\{job="([^"]+)"\}/.exec(a.expr)?.[1])
      .find((name) => name !== undefined);
    expect(upJob).toBe(service.metadata.name);
  });

  it('AK/SK come from the Secret, by the variables the CLI reads', () => {
    const fromSecret = Object.fromEntries(
      container.env.map(
        (e: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }) => [
          e.name,
          e.valueFrom?.secretKeyRef,
        ],
      ),
    );
    expect(Object.keys(fromSecret).sort()).toEqual(['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK']);
    for (const ref of Object.values(fromSecret) as { name: string; key: string }[]) {
      expect(ref.name).toBe(secret.metadata.name);
      expect(Object.keys(secret.stringData)).toContain(ref.key);
    }
    expect(JSON.stringify(container)).not.toMatch(/REPLACE_WITH/);
  });

  it('probes /-/healthy (liveness) and /-/ready (readiness) on the metrics port', () => {
    expect(container.livenessProbe.httpGet).toEqual({ path: '/-/healthy', port: 'http-metrics' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/-/ready', port: 'http-metrics' });
    expect(container.ports).toEqual([{ name: 'http-metrics', containerPort: DEFAULT_PORT, protocol: 'TCP' }]);
  });

  it('runs non-root, read-only, without capabilities, with resources set', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: expect.any(Number) });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.resources.requests).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
    });
    expect(container.resources.limits.memory).toEqual(expect.any(String));
    // The only writable mount is /tmp; the config is mounted read-only.
    const writable = container.volumeMounts.filter((m: { readOnly?: boolean }) => m.readOnly !== true);
    expect(writable.map((m: { mountPath: string }) => m.mountPath)).toEqual(['/tmp']);
  });

  it('the CLI accepts the args with the ConfigMap config (--config.check exits 0)', async () => {
    const configArg: string = container.args.find((a: string) => a.startsWith('--config.file='));
    const configPath = configArg.slice('--config.file='.length);
    const mount = container.volumeMounts.find(
      (m: { mountPath: string }) => posix.dirname(configPath) === m.mountPath,
    );
    const volume = pod.volumes.find((v: { name: string }) => v.name === mount?.name);
    expect(volume?.configMap?.name).toBe(configMap.metadata.name);
    const text: string = configMap.data[posix.basename(configPath)];
    expect(text).toContain('regions:');

    const dir = await mkdtemp(join(tmpdir(), 'deploy-k8s-'));
    try {
      await writeFile(join(dir, 'config.yml'), text);
      const args = container.args.map((a: string) =>
        a === configArg ? `--config.file=${dir}/config.yml` : a,
      );
      let out = '';
      let err = '';
      const code = await main([...args, '--config.check'], {
        stdout: { write: (t: string) => (out += t) },
        stderr: { write: (t: string) => (err += t) },
        env: {},
      });
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(out).toMatch(/config OK/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('generated manifests match their sources', () => {
  it('the PrometheusRule embeds rules/huaweicloud-exporter.rules.yml', () => {
    expect(byKind('PrometheusRule').spec.groups).toEqual(loadRules().groups);
  });

  it('the dashboards ConfigMap holds grafana/dashboards/*.json, labelled for the Grafana sidecar', () => {
    const dashboardsDir = join(ROOT, 'grafana/dashboards');
    const expected = Object.fromEntries(
      readdirSync(dashboardsDir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => [f, readFileSync(join(dashboardsDir, f), 'utf8')]),
    );
    const dashboards = byKind('ConfigMap', 'huaweicloud-exporter-dashboards');
    expect(dashboards.data).toEqual(expected);
    expect(dashboards.metadata.labels?.grafana_dashboard).toBe('1');
  });
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
if (!kubectl)
  console.warn('SKIPPED: kubectl not found: `kubectl kustomize deploy/kubernetes` is not checked');

describe.skipIf(!kubectl)('kubectl kustomize', () => {
  it('renders every resource into the namespace', async () => {
    const { stdout } = await run('kubectl', ['kustomize', DIR], { timeout: 10_000 });
    const rendered = parseAllDocuments(stdout).map((d) => parse(String(d)) as Manifest);
    expect(rendered.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual(
      [...manifests.values()]
        .filter((m) => m.kind !== 'Secret')
        .map((m) => `${m.kind}/${m.metadata.name}`)
        .sort(),
    );
    for (const m of rendered) expect((m.metadata as { namespace?: string }).namespace).toBe('monitoring');
  });
});
