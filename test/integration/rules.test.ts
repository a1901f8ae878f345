import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RUNBOOK_URL_PATTERN } from '../../deploy/runbook-url.mjs';
import { dashboards } from '../../grafana/src/dashboards.js';
import { scanQuery } from '../../grafana/src/promql.js';
import { dashboardQueries } from '../../grafana/src/queries.js';
import { assertExecutable, PROMTOOL, skipWithout } from '../e2e/support/prometheus-binaries.js';
import {
  alertsOf,
  loadRules,
  RULE_TESTS_DIR,
  RULES_FILE,
  RUNBOOK_FILE,
  recordsOf,
} from '../e2e/support/rules-file.js';

const run = promisify(execFile);

const rules = loadRules();
const alerts = alertsOf(rules);
const records = recordsOf(rules);

interface RuleTestFile {
  rule_files: string[];
  tests: {
    name?: string;
    alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[];
    promql_expr_test?: { expr: string }[];
  }[];
}

async function ruleTestFiles(): Promise<Map<string, RuleTestFile>> {
  const files = (await readdir(RULE_TESTS_DIR)).filter((f) => f.endsWith('.yml')).sort();
  const parsed = await Promise.all(
    files.map(async (f) => parse(await readFile(join(RULE_TESTS_DIR, f), 'utf8'))),
  );
  return new Map(files.map((f, i) => [f, parsed[i] as RuleTestFile]));
}

/** GitHub's heading anchor: lower-case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');

describe('rules file', () => {
  it("has the ten alerts issue 6 asks for, issue 16's skipped records and issue 19's replication", () => {
    expect(alerts.map((a) => a.alert).sort()).toEqual(
      [
        'HuaweiCloudExporterDown',
        'HuaweiCloudCollectorFailing',
        'HuaweiCloudDataStale',
        'HuaweiCloudSwrSignatureExecutionFailed',
        'HuaweiCloudSwrSignatureNoRecentSuccess',
        'HuaweiCloudSwrRegistryUnhealthy',
        'HuaweiCloudHssRegistryAccessFailed',
        'HuaweiCloudHssRegistryNotSynced',
        'HuaweiCloudApigSignatureKeyRotationDue',
        'HuaweiCloudUpstreamThrottling',
        'HuaweiCloudRecordsSkipped',
        'HuaweiCloudSwrReplicationExecutionFailed',
        'HuaweiCloudSwrReplicationScheduleMissed',
        'HuaweiCloudSwrRetentionScheduleMissed',
      ].sort(),
    );
  });

  it('gives every alert a for, a severity, a summary, a description and a runbook section that exists', async () => {
    const runbook = await readFile(RUNBOOK_FILE, 'utf8');
    const anchors = new Set([...runbook.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchor(m[1] ?? '')));
    for (const a of alerts) {
      expect(a.for, a.alert).toMatch(/^\d+[smhd]$/);
      expect(['critical', 'warning', 'info'], a.alert).toContain(a.labels?.severity);
      expect(a.annotations?.summary, a.alert).toMatch(/\w{3,}/);
      expect(a.annotations?.description, a.alert).toMatch(/\w{3,}/);
      const url = a.annotations?.runbook_url ?? '';
      expect(url, a.alert).toBe(RUNBOOK_URL_PATTERN.replace('{anchor}', a.alert.toLowerCase()));
      expect(url, a.alert).toMatch(/^https:\/\/github\.com\/[^#]+\/docs\/runbook\.md#/);
      expect(anchors.has(url.split('#')[1] ?? ''), `${a.alert}: runbook has no section ${url}`).toBe(true);
    }
  });

  it('takes another runbook URL pattern when generated into a directory, leaving the repository alone', async () => {
    const out = await mkdtemp(join(tmpdir(), 'hwc-runbooks-'));
    try {
      const pattern = 'https://wiki.example.com/runbooks/{anchor}';
      await run(process.execPath, [
        'deploy/generate.mjs',
        `--runbook-url-pattern=${pattern}`,
        `--out=${out}`,
      ]);
      const generated = parse(await readFile(join(out, 'huaweicloud-exporter.rules.yml'), 'utf8'));
      const urls = generated.groups.flatMap(
        (g: { rules: Array<{ alert?: string; annotations?: { runbook_url?: string } }> }) =>
          g.rules.filter((r) => r.alert).map((r) => [r.alert, r.annotations?.runbook_url]),
      );
      expect(urls).toHaveLength(alerts.length);
      for (const [alert, url] of urls)
        expect(url).toBe(`https://wiki.example.com/runbooks/${alert.toLowerCase()}`);
      expect(await readFile(join(out, 'prometheusrule.yaml'), 'utf8')).toContain(
        'runbook_url: https://wiki.example.com/runbooks/huaweicloudexporterdown',
      );
      const bad = run(process.execPath, [
        'deploy/generate.mjs',
        '--runbook-url-pattern=docs/{anchor}',
        `--out=${out}`,
      ]);
      await expect(bad).rejects.toThrow('must be an absolute http(s) URL containing {anchor}');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('records only what a dashboard or an alert reads', () => {
    const used = new Set(
      [
        ...dashboards().flatMap((d) => dashboardQueries(d.dashboard).map((q) => q.expr)),
        ...alerts.map((a) => a.expr),
      ]
        .flatMap((expr) => scanQuery(expr).selectors)
        .map((s) => s.metric),
    );
    for (const r of records) expect(used.has(r.record), `${r.record} is recorded but never read`).toBe(true);
  });
});

describe('promtool unit tests (rules/tests)', () => {
  it('test every alert firing and not firing, and every recording rule', async () => {
    const files = await ruleTestFiles();
    const firing = new Set<string>();
    const silent = new Set<string>();
    const exprs: string[] = [];
    for (const [file, content] of files) {
      expect(content.rule_files, file).toEqual(['../huaweicloud-exporter.rules.yml']);
      for (const t of content.tests) {
        for (const a of t.alert_rule_test ?? [])
          ((a.exp_alerts ?? []).length > 0 ? firing : silent).add(a.alertname);
        exprs.push(...(t.promql_expr_test ?? []).map((p) => p.expr));
      }
    }
    for (const a of alerts) {
      expect(firing.has(a.alert), `${a.alert}: no firing test`).toBe(true);
      expect(silent.has(a.alert), `${a.alert}: no not-firing test`).toBe(true);
    }
    for (const r of records)
      expect(
        exprs.some((e) => e.includes(r.record)),
        `${r.record}: no test`,
      ).toBe(true);
  });
});

describe.skipIf(skipWithout(PROMTOOL))('promtool', () => {
  it('check rules accepts the file', async () => {
    assertExecutable(PROMTOOL);
    const { stdout } = await run(PROMTOOL, ['check', 'rules', RULES_FILE], { timeout: 10_000 });
    expect(stdout).toContain(`SUCCESS: ${alerts.length + records.length} rules found`);
  });

  it('test rules passes every unit test', async () => {
    assertExecutable(PROMTOOL);
    const files = [...(await ruleTestFiles()).keys()].map((f) => join(RULE_TESTS_DIR, f));
    const { stdout } = await run(PROMTOOL, ['test', 'rules', ...files], { timeout: 10_000 });
    expect(stdout.match(/SUCCESS/g)?.length).toBe(files.length);
  });

  it('test rules catches a changed threshold or for (the unit tests can fail)', async () => {
    assertExecutable(PROMTOOL);
    const dir = await mkdtemp(join(tmpdir(), 'rules-'));
    try {
      await mkdir(join(dir, 'tests'));
      const files = [...(await ruleTestFiles()).keys()];
      await Promise.all(files.map((f) => copyFile(join(RULE_TESTS_DIR, f), join(dir, 'tests', f))));
      const original = await readFile(RULES_FILE, 'utf8');
      const mutated = original
        .replace('> 48 * 3600', '> 50 * 3600')
        .replace(/for: 5m(\n\s+labels:\n\s+severity: critical)/, 'for: 10m$1');
      expect(mutated).not.toBe(original);
      await writeFile(join(dir, 'huaweicloud-exporter.rules.yml'), mutated);
      const result = await run(PROMTOOL, ['test', 'rules', ...files.map((f) => join(dir, 'tests', f))], {
        timeout: 10_000,
      }).then(
        () => ({ failed: false, output: '' }),
        (e: { stdout?: string; stderr?: string }) => ({ failed: true, output: `${e.stdout}${e.stderr}` }),
      );
      expect(result.failed).toBe(true);
      expect(result.output).toContain('alertname: HuaweiCloudExporterDown');
      expect(result.output).toContain('alertname: HuaweiCloudHssRegistryNotSynced');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
