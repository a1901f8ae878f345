import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config.js';

// The README and the example config are the first things a user copies: keep them true.
describe('examples and README', () => {
  it('examples/config.yml is a valid config with the regions it documents', async () => {
    const loaded = await loadConfigFile('examples/config.yml');
    expect(loaded.config.regions.map((r) => r.name)).toEqual(['cn-north-4', 'ap-southeast-1']);
    expect(loaded.config.allow_inline_secrets).toBe(false);
  });

  it('the README starts with the run and test commands, and both scripts exist', async () => {
    const readme = await readFile('README.md', 'utf8');
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toContain('npm test');
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.demo).toContain('--demo');
    expect(pkg.scripts.test).toContain('vitest');
  });
});
