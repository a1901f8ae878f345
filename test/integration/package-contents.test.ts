// What a user installs: `npm pack --dry-run` lists the files the package would hold. The README points users at
// the dashboards, rules, deploy manifests, docs and the example config, so each must be in it, with the
// Apache-2.0 text the package declares; sources, tests and local build folders must not.

import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  license: string;
  bin: Record<string, string>;
};

/** Every file under `dir` (relative to the repository root). */
function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

let packed: Set<string>;
beforeAll(async () => {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    timeout: 60_000,
  });
  const [entry] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
  packed = new Set(entry?.files.map((f) => f.path));
}, 90_000);

describe('the published package', () => {
  it('holds the license, README and manifest', () => {
    for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json'])
      expect(packed, file).toContain(file);
  });

  it('the LICENSE is the Apache-2.0 text the manifest declares', () => {
    expect(manifest.license).toBe('Apache-2.0');
    const text = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(text).toContain('Apache License\n                           Version 2.0, January 2004');
    expect(text).toContain('END OF TERMS AND CONDITIONS');
    expect(text).toContain('APPENDIX: How to apply the Apache License to your work.');
  });

  it.each(['grafana/dashboards', 'grafana/provisioning', 'rules', 'deploy', 'docs', 'examples', 'mixin'])(
    'holds every file under %s/',
    (dir) => {
      const files = filesUnder(dir);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(packed, file).toContain(file);
    },
  );

  it('holds every file the README links to inside the published folders', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const linked = [...readme.matchAll(/\]\(([^)#:]+)\)/g)].map((m) => (m[1] as string).replace(/\/$/, ''));
    const published = /^(docs|deploy|examples|mixin|rules|grafana\/(dashboards|provisioning))(\/|$)/;
    const inPackage = linked.filter((path) => published.test(path));
    expect(inPackage).toContain('examples/config.yml');
    for (const path of inPackage) {
      expect(
        [...packed].some((p) => p === path || p.startsWith(`${path}/`)),
        path,
      ).toBe(true);
    }
  });

  it('leaves out sources, tests, dashboard code and local build folders', () => {
    const unwanted = /^(src|test|bench|scripts|grafana\/src|node_modules|\.test-build|\.ci)\//;
    expect([...packed].filter((p) => unwanted.test(p))).toEqual([]);
  });

  it("publishes the bin's folder, and the bin itself once built", () => {
    const bin = Object.values(manifest.bin);
    expect(bin).toEqual(['dist/cli.js']);
    // A fresh clone has no dist/ before `npm run build` (CI builds before testing).
    if (existsSync(join(ROOT, 'dist', 'cli.js'))) expect(packed).toContain('dist/cli.js');
    const files = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] }).files;
    expect(files).toContain('dist');
  });
});
