// deploy/prometheus/prometheus.yml: well-formed, scraping the exporter's default port under the job name the
// rules expect, loading the rules file, and accepted by `promtool check config` (which also checks the rules
// it loads). Without promtool those checks skip with a message, unless REQUIRE_PROMETHEUS=1.

import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { DEFAULT_LISTEN_ADDRESS } from '../../src/cli.js';
import { parseListenAddress } from '../../src/server.js';
import { assertExecutable, PROMTOOL, skipWithout } from '../e2e/support/prometheus-binaries.js';
import { alertsOf, loadRules, RULES_FILE, recordsOf } from '../e2e/support/rules-file.js';

const run = promisify(execFile);
const CONFIG = fileURLToPath(new URL('../../deploy/prometheus/prometheus.yml', import.meta.url));

interface ScrapeConfig {
  job_name: string;
  scrape_interval?: string;
  scrape_timeout?: string;
  static_configs: { targets: string[] }[];
}

async function loadConfig(): Promise<{ rule_files: string[]; scrape_configs: ScrapeConfig[] }> {
  const document = parseDocument(await readFile(CONFIG, 'utf8'), { uniqueKeys: true });
  expect(document.errors.map((e) => e.message)).toEqual([]);
  return document.toJS();
}

describe('deploy/prometheus/prometheus.yml', () => {
  it('loads the rules file', async () => {
    const config = await loadConfig();
    expect(config.rule_files.map((f) => resolve(dirname(CONFIG), f))).toEqual([RULES_FILE]);
  });

  it('scrapes the default port under the job name the rules watch', async () => {
    const [job, ...others] = (await loadConfig()).scrape_configs;
    expect(others).toEqual([]);
    const upJob = alertsOf(loadRules())
      .map((a) => /up\{job="([^"]+)"\}/.exec(a.expr)?.[1])
      .find((name) => name !== undefined);
    expect(job?.job_name).toBe(upJob);
    const port = parseListenAddress(DEFAULT_LISTEN_ADDRESS).port;
    expect(job?.static_configs.flatMap((s) => s.targets)).toEqual([`localhost:${port}`]);
  });
});

describe.skipIf(skipWithout(PROMTOOL))('promtool check config', () => {
  it('accepts the config and the rules it loads', async () => {
    assertExecutable(PROMTOOL);
    const { stdout } = await run(PROMTOOL, ['check', 'config', CONFIG], { timeout: 10_000 });
    const rules = loadRules();
    expect(stdout).toContain('is valid prometheus config file syntax');
    expect(stdout).toContain(`SUCCESS: ${alertsOf(rules).length + recordsOf(rules).length} rules found`);
  });

  it('rejects a copy whose scrape timeout exceeds its interval (the check can fail)', async () => {
    assertExecutable(PROMTOOL);
    const dir = await mkdtemp(join(tmpdir(), 'deploy-prometheus-'));
    try {
      await copyFile(RULES_FILE, join(dir, 'rules.yml'));
      const text = (await readFile(CONFIG, 'utf8'))
        .replace(/rule_files:\n\s+- \S+/, 'rule_files:\n  - rules.yml')
        .replace(/scrape_timeout: \S+/, 'scrape_timeout: 2m');
      await writeFile(join(dir, 'prometheus.yml'), text);
      await expect(
        run(PROMTOOL, ['check', 'config', join(dir, 'prometheus.yml')], { timeout: 10_000 }),
      ).rejects.toThrow(/scrape timeout greater than scrape interval/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
