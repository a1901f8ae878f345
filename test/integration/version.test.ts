// Build identification: scripts/build-info.mjs stamps revision and date (from the environment, else git and
// the clock), src/version.ts reads the stamp for --version and huaweicloud_exporter_build_info.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import { readBuildInfo, versionText } from '../../src/version.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'hwc-build-info-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function stamp(env: Record<string, string>, name: string): Promise<{ revision: string; date: string }> {
  const out = join(dir, name);
  const clean = { PATH: process.env.PATH ?? '', ...env };
  await run(process.execPath, ['scripts/build-info.mjs', `--out=${out}`], { env: clean });
  return JSON.parse(readFileSync(out, 'utf8'));
}

describe('build info', () => {
  it('takes revision and date from BUILD_REVISION and BUILD_DATE (the image build args)', async () => {
    const written = await stamp({ BUILD_REVISION: 'abc123', BUILD_DATE: '2026-12-05T10:00:00Z' }, 'env.json');
    expect(written).toEqual({ revision: 'abc123', date: '2026-12-05T10:00:00Z' });
    expect(readBuildInfo(pathToFileURL(join(dir, 'env.json')))).toMatchObject({
      revision: 'abc123',
      buildDate: '2026-12-05T10:00:00Z',
    });
  });

  it('defaults to the git revision and SOURCE_DATE_EPOCH', async () => {
    const written = await stamp({ SOURCE_DATE_EPOCH: '1796515200' }, 'git.json');
    const { stdout } = await run('git', ['rev-parse', 'HEAD']);
    expect(written.revision.startsWith(stdout.trim())).toBe(true);
    expect(written.date).toBe('2026-12-06T00:00:00Z');
  });

  it('reads a missing stamp as unknown, and --version prints every field', () => {
    const info = readBuildInfo(pathToFileURL(join(dir, 'missing.json')));
    expect(info).toMatchObject({ revision: 'unknown', buildDate: 'unknown' });
    const text = versionText({ version: '1.2.3', revision: 'abc123', buildDate: '2026-12-05T10:00:00Z' });
    expect(text).toContain('huaweicloud-exporter, version 1.2.3 (revision: abc123)');
    expect(text).toContain('build date:   2026-12-05T10:00:00Z');
    expect(text).toContain(`node version: ${process.version}`);
  });

  it('labels huaweicloud_exporter_build_info with the revision', async () => {
    const metrics = createApiMetricsObserver({ revision: 'abc123', processMetrics: false });
    expect(await metrics.render()).toContain(`revision="abc123"`);
  });
});
