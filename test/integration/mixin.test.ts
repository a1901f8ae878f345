// mixin/: built with jsonnet (Debian's package), its defaults give exactly the committed rules and dashboards,
// and its _config changes what it says it changes and nothing else. Without jsonnet these skip with a
// message, unless REQUIRE_JSONNET=1 (as .ci/run sets).

import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RUNBOOK_URL_PATTERN } from '../../deploy/runbook-url.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MIXIN = join(ROOT, 'mixin');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: Array<{ name: string; rules: Rule[] }>;
}

const available = spawnSync('jsonnet', ['--version']).status === 0;
const required = process.env.REQUIRE_JSONNET === '1';
if (!available && !required)
  console.warn('jsonnet not found: skipping the mixin tests (REQUIRE_JSONNET=1 fails)');

async function evaluate(code: string): Promise<unknown> {
  const { stdout } = await run('jsonnet', ['-J', MIXIN, '-e', code], { timeout: 60_000 });
  return JSON.parse(stdout);
}

const committedRules = async (): Promise<RuleFile> =>
  parse(await readFile(join(ROOT, 'rules/huaweicloud-exporter.rules.yml'), 'utf8')) as RuleFile;

describe.skipIf(!available && !required)('the monitoring mixin', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'mixin-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('builds to exactly the committed rules and dashboards', async () => {
    expect(available, 'jsonnet is required (REQUIRE_JSONNET=1) but not installed').toBe(true);
    await mkdir(join(out, 'dashboards'));
    await run('jsonnet', ['-J', MIXIN, '-m', out, join(MIXIN, 'build.jsonnet')], { timeout: 60_000 });
    const rules = JSON.parse(await readFile(join(out, 'huaweicloud-exporter.rules.yml'), 'utf8'));
    expect(rules).toEqual(await committedRules());
    const committed = (await readdir(join(ROOT, 'grafana/dashboards'))).filter((f) => f.endsWith('.json'));
    expect((await readdir(join(out, 'dashboards'))).sort()).toEqual(committed.sort());
    for (const file of committed) {
      const built = JSON.parse(await readFile(join(out, 'dashboards', file), 'utf8'));
      expect(built, file).toEqual(JSON.parse(await readFile(join(ROOT, 'grafana/dashboards', file), 'utf8')));
    }
    const promtool = spawnSync('promtool', ['check', 'rules', join(out, 'huaweicloud-exporter.rules.yml')]);
    if (promtool.error === undefined) expect(promtool.status, String(promtool.stdout)).toBe(0);
  });

  it('exposes the mixin fields, with the runbook pattern of deploy/runbook-url.mjs', async () => {
    const mixin = (await evaluate(`local m = import 'mixin.libsonnet';
      { fields: std.objectFieldsAll(m), config: m._config, rules: m.prometheusRules }`)) as {
      fields: string[];
      config: { runbookURLPattern: string; jobSelector: string };
      rules: RuleFile;
    };
    for (const field of ['_config', 'grafanaDashboards', 'prometheusAlerts', 'prometheusRules']) {
      expect(mixin.fields).toContain(field);
    }
    expect(mixin.config.runbookURLPattern).toBe(RUNBOOK_URL_PATTERN.replace('{anchor}', '%s'));
    expect(mixin.config.jobSelector).toBe('job="huaweicloud-exporter"');
    expect(mixin.rules).toEqual({ groups: [] });
  });

  it('applies _config: job selector, runbook links and thresholds, and changes nothing else', async () => {
    const configured = (await evaluate(`((import 'mixin.libsonnet') + { _config+:: {
        jobSelector: 'job="hwc"',
        runbookURLPattern: 'https://wiki.example.com/rb#%s',
        thresholds+: { dataStaleSeconds: 1800, throttledRatio: 0.25 },
      } }).prometheusAlerts`)) as RuleFile;
    const committed = await committedRules();
    const [group] = configured.groups;
    const [source] = committed.groups;
    expect(group?.rules.length).toBe(source?.rules.length);
    const byName = (rules: Rule[] | undefined, name: string): Rule | undefined =>
      rules?.find((r) => r.alert === name);
    expect(byName(group?.rules, 'HuaweiCloudExporterDown')?.expr).toBe('up{job="hwc"} == 0');
    expect(byName(group?.rules, 'HuaweiCloudDataStale')?.expr).toBe(
      'time() - huaweicloud_collector_last_success_timestamp_seconds > 1800',
    );
    expect(byName(group?.rules, 'HuaweiCloudUpstreamThrottling')?.expr).toBe(
      'huaweicloud:api_throttled_requests:ratio_rate5m > 0.25',
    );
    for (const [index, rule] of (group?.rules ?? []).entries()) {
      const original = source?.rules[index] as Rule;
      if (rule.alert === undefined) {
        expect(rule).toEqual(original);
        continue;
      }
      expect(rule.annotations?.runbook_url).toBe(`https://wiki.example.com/rb#${rule.alert.toLowerCase()}`);
      const changed = ['HuaweiCloudExporterDown', 'HuaweiCloudDataStale', 'HuaweiCloudUpstreamThrottling'];
      if (!changed.includes(rule.alert)) expect(rule.expr, rule.alert).toBe(original.expr);
    }
    const file = join(out, 'configured.rules.json');
    await writeFile(file, JSON.stringify(configured));
    const promtool = spawnSync('promtool', ['check', 'rules', file]);
    if (promtool.error === undefined) expect(promtool.status, String(promtool.stdout)).toBe(0);
  });
});
