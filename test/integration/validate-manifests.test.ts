// scripts/kubernetes/validate-manifests.mjs, the schema validator .ci/run gives the Helm chart's rendered
// manifests: the shipped deploy/kubernetes manifests pass it, and a wrong type, a missing required field and
// an unknown kind each fail it with the document and the field named.

import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const execFileAsync = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts/kubernetes/validate-manifests.mjs');

async function validate(...files: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync('node', [SCRIPT, ...files], {
      cwd: ROOT,
      timeout: 60_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

async function validateText(text: string): Promise<{ code: number; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'manifests-'));
  try {
    const file = join(dir, 'manifest.yaml');
    await writeFile(file, text);
    return await validate(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('validate-manifests', () => {
  it('passes every shipped Kubernetes manifest', async () => {
    const files = readdirSync(join(ROOT, 'deploy/kubernetes'))
      .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
      .map((f) => join('deploy/kubernetes', f));
    expect(files).toContain('deploy/kubernetes/servicemonitor.yaml');
    const result = await validate(...files);
    expect(result.output).toContain(`${files.length} manifests checked, all valid`);
    expect(result.code).toBe(0);
  }, 60_000);

  it('names a wrong type, a missing required field and an unknown kind', async () => {
    const result = await validateText(
      [
        'apiVersion: v1\nkind: Service\nmetadata: {name: svc}\nspec:\n  ports: [{port: "http"}]',
        'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: sm}\nspec: {endpoints: []}',
        'apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: d}',
      ].join('\n---\n'),
    );
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/document 1 \(Service svc\): .*ports\/0\/port must be integer/);
    expect(result.output).toMatch(/document 2 \(ServiceMonitor sm\): .*selector/);
    expect(result.output).toContain('document 3 (Deploymnet d): unknown kind Deploymnet in apps/v1');
  }, 60_000);

  it('fails when there is nothing to validate', async () => {
    const result = await validateText('---\n');
    expect(result.code).toBe(1);
    expect(result.output).toContain('no manifests to validate');
  });
});
