// deploy/prometheus-sharded.yml: well-formed, accepted by `promtool check config`, and consistent: N shard jobs
// with `modulus: N`, keeping the indexes 0..N-1 once each, each probing its own replica, plus the replicas'
// own-metrics job under the name the rules watch. The e2e test (test/e2e/scale-out.test.ts) runs it for real.

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseFlags, UsageError } from '../../src/cli.js';
import { PROBE_PATH, SD_PATH } from '../../src/scaleout/http-sd.js';
import { assertExecutable, PROMTOOL, skipWithout } from '../e2e/support/prometheus-binaries.js';
import { alertsOf, loadRules } from '../e2e/support/rules-file.js';

const run = promisify(execFile);
const CONFIG = fileURLToPath(new URL('../../deploy/prometheus-sharded.yml', import.meta.url));

interface Relabel {
  source_labels?: string[];
  target_label?: string;
  modulus?: number;
  regex?: string;
  replacement?: string;
  action?: string;
}

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  static_configs?: { targets: string[] }[];
  http_sd_configs?: { url: string }[];
  relabel_configs?: Relabel[];
}

async function loadConfig(): Promise<{ scrape_configs: ScrapeConfig[] }> {
  const document = parseDocument(await readFile(CONFIG, 'utf8'), { uniqueKeys: true });
  expect(document.errors.map((e) => e.message)).toEqual([]);
  return document.toJS();
}

describe('deploy/prometheus-sharded.yml', () => {
  it('splits the probe targets into shards that cover every hash exactly once', async () => {
    const shards = (await loadConfig()).scrape_configs.filter((job) => job.http_sd_configs !== undefined);
    expect(shards.length).toBeGreaterThan(1);
    const kept: string[] = [];
    const replicas: string[] = [];
    for (const job of shards) {
      expect(job.metrics_path).toBe(PROBE_PATH);
      expect(job.http_sd_configs?.map((sd) => new URL(sd.url).pathname)).toEqual([SD_PATH]);
      const [hash, keep, address, ...rest] = job.relabel_configs ?? [];
      expect(rest).toEqual([]);
      expect(hash).toEqual({
        source_labels: ['__param_target'],
        modulus: shards.length,
        target_label: '__tmp_hash',
        action: 'hashmod',
      });
      expect(keep).toMatchObject({ source_labels: ['__tmp_hash'], action: 'keep' });
      kept.push(keep?.regex ?? '');
      expect(address?.target_label).toBe('__address__');
      replicas.push(address?.replacement ?? '');
    }
    expect(kept).toEqual(shards.map((_, i) => String(i)));
    expect(new Set(replicas).size).toBe(shards.length);

    const own = (await loadConfig()).scrape_configs.filter((job) => job.http_sd_configs === undefined);
    const upJob = alertsOf(loadRules())
      .map((a) => /up\{job="([^"]+)"\}/.exec(a.expr)?.[1])
      .find((name) => name !== undefined);
    expect(own.map((job) => job.job_name)).toEqual([upJob]);
    expect(own[0]?.static_configs?.flatMap((s) => s.targets)).toEqual(replicas);
  });

  it.skipIf(skipWithout(PROMTOOL))('passes promtool check config', async () => {
    assertExecutable(PROMTOOL);
    const { stdout } = await run(PROMTOOL, ['check', 'config', CONFIG]);
    expect(stdout).toContain('is valid prometheus config file syntax');
  });
});

describe('scale-out flags', () => {
  it('reads --probe-only, off unless given', () => {
    expect(parseFlags(['--probe-only']).probeOnly).toBe(true);
    expect(parseFlags([]).probeOnly).toBeUndefined();
  });

  it('refuses them with --demo, which serves a single exporter', () => {
    for (const flag of ['--probe-only', '--web.external-url=http://exporter:9786']) {
      expect(() => parseFlags(['--demo', flag])).toThrow(
        new UsageError(
          '--demo: serves one exporter, so it takes neither --web.external-url nor --probe-only',
        ),
      );
    }
  });
});
