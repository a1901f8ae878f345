// The README's reference cannot drift: its generated sections (metrics, flags, config keys) equal what the code
// produces now, and what a user copies from it exists.

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USAGE } from '../../src/cli.js';
import { COLLECTOR_NAMES } from '../../src/collectors/types.js';
import { withGeneratedSections } from '../../src/docs/reference.js';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('has its generated sections up to date (npm run readme rewrites them)', async () => {
    expect(await withGeneratedSections(readme, USAGE)).toBe(readme);
  });

  it('lists every metric of the golden exposition and the exporter’s own metrics', () => {
    const golden = readFileSync('test/golden/collectors-exposition.prom', 'utf8');
    const names = [...golden.matchAll(/^# HELP (\S+)/gm)].map((m) => m[1] ?? '');
    expect(names.length).toBeGreaterThan(20);
    for (const name of [
      ...names,
      'huaweicloud_api_throttled_total',
      'huaweicloud_api_wait_seconds_total',
      'huaweicloud_config_last_reload_success_timestamp_seconds',
    ]) {
      expect(readme, name).toContain(`| \`${name}\` |`);
    }
  });

  it('lists every flag, the collector switches included', () => {
    for (const flag of ['--web.external-url', '--probe-only', '--verbose', '--config.check', '--version']) {
      expect(readme).toContain(flag);
    }
    for (const name of COLLECTOR_NAMES) expect(USAGE).toContain(name);
    expect(readme).toContain('--collector.NAME, --no-collector.NAME');
  });

  it('names only config files that exist or that it tells the reader to create', () => {
    const created = new Set([...readme.matchAll(/\bcp \S+ (\S+)/g)].map((m) => m[1]));
    for (const [, file] of readme.matchAll(/--config\.file=([^\s`\]]+)/g)) {
      if (file === 'FILE' || file === 'F') continue;
      expect(existsSync(file ?? '') || created.has(file), `${file} neither exists nor is created`).toBe(true);
    }
    for (const [, source] of readme.matchAll(/\bcp (\S+) \S+/g))
      expect(existsSync(source ?? ''), source).toBe(true);
  });
});
