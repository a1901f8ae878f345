// What a user gets from the registry: the packed tarball, installed with npm into an empty folder, runs with
// `npx huaweicloud-exporter --demo` (on a free port) and answers /metrics. The tarball is the one `npm pack`
// makes from this checkout, so it needs dist/: the e2e project's global setup (test/setup/build-dist.ts) builds
// it when a fresh clone has none, so `npm test` needs nothing but `npm ci`.

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopGroupAndRemove } from './support/process-group.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let dir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'package-install-'));
  expect(existsSync(join(ROOT, 'dist/cli.js')), 'dist/ (built by test/setup/build-dist.ts)').toBe(true);
  await run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], {
    cwd: ROOT,
    timeout: 120_000,
  });
  const [tarball] = (await readdir(dir)).filter((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack left no tarball in ${dir}`);
  const app = join(dir, 'app');
  await run('mkdir', [app]);
  await writeFile(join(app, 'package.json'), '{ "private": true }\n');
  await run('npm', ['install', '--no-audit', '--no-fund', '--silent', join(dir, tarball)], {
    cwd: app,
    timeout: 240_000,
  });
}, 300_000);

// npx runs the bin in a child of its own: the whole process group goes, and the folder even if that fails.
afterAll(() => stopGroupAndRemove(child, dir), 30_000);

/** Starts the demo and resolves with its metrics URL, read from the banner it prints when it serves. */
function startDemo(cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = spawn(
      'npx',
      ['--no-install', 'huaweicloud-exporter', '--demo', '--web.listen-address=127.0.0.1:0'],
      {
        cwd,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = started;
    let stdout = '';
    let stderr = '';
    started.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    started.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const url = /Metrics:\s+(http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(stdout)?.[1];
      if (url !== undefined) resolve(url);
    });
    started.once('exit', (code) => reject(new Error(`the demo exited (${code}) before serving:\n${stderr}`)));
  });
}

describe('the packed npm package', () => {
  it('installs into an empty folder and `npx huaweicloud-exporter --demo` serves metrics', async () => {
    const url = await startDemo(join(dir, 'app'));
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/^huaweicloud_collector_success\{[^}]*collector="swr_signing"[^}]*\} 1$/m);
    expect(text).toMatch(/^huaweicloud_swr_signature_policy_info\{/m);
  }, 60_000);

  it('holds the dashboards, rules, chart, mixin and docs the README points at', async () => {
    const installed = join(dir, 'app/node_modules/huaweicloud-exporter');
    for (const path of [
      'grafana/dashboards/huaweicloud-supply-chain.json',
      'rules/huaweicloud-exporter.rules.yml',
      'deploy/kubernetes/deployment.yaml',
      'deploy/helm/huaweicloud-exporter/Chart.yaml',
      'mixin/mixin.libsonnet',
      'docs/runbook.md',
      'examples/config.yml',
      'CHANGELOG.md',
    ]) {
      expect(existsSync(join(installed, path)), path).toBe(true);
    }
  });
});
