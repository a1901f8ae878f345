// A real Prometheus for end-to-end tests: its own temporary data dir, 127.0.0.1 only, fast scrape and rule
// evaluation, and a small client for its HTTP API.

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { PROMETHEUS } from './prometheus-binaries.js';

export interface PrometheusOptions {
  /** host:port of each exporter to scrape, all in one job. */
  targets: string[];
  job: string;
  /** Rules file contents (YAML text), written beside the config. */
  rules: string;
  /** Scrape and rule evaluation interval. */
  intervalSeconds: number;
}

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing' | 'inactive';
}

export interface RunningPrometheus {
  url: string;
  /** Instant query; throws with Prometheus's error text when the query is invalid. */
  query(expr: string): Promise<Sample[]>;
  alerts(): Promise<PrometheusAlert[]>;
  /** What Prometheus printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

/** Prometheus cannot report which port it got for :0, so ask the OS for a free one first. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function api<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`Prometheus ${url}: ${body.error ?? response.status}`);
  return body.data;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'e2e-prometheus-'));
  const interval = `${options.intervalSeconds}s`;
  await writeFile(join(dir, 'rules.yml'), options.rules);
  await writeFile(
    join(dir, 'prometheus.yml'),
    stringify({
      global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
      rule_files: [join(dir, 'rules.yml')],
      scrape_configs: [{ job_name: options.job, static_configs: [{ targets: options.targets }] }],
    }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const close = async () => {
    await stop(child);
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      await close();
      throw new Error(`Prometheus exited with ${child.exitCode}:\n${output}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await close();
      throw new Error(`Prometheus did not become ready within 15 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    query: async (expr) =>
      (await api<{ result: Sample[] }>(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`)).result,
    alerts: async () => (await api<{ alerts: PrometheusAlert[] }>(`${url}/api/v1/alerts`)).alerts,
    output: () => output,
    close,
  };
}

/** Polls `probe` until it returns a value (not undefined) or the time is up; then returns its last answer. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
