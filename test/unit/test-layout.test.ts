// vitest.config.ts picks each layer's files by folder; a test file anywhere else would silently never run.

import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import config from '../../vitest.config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

it('every test file lives in the folder of a vitest project', () => {
  const projects = (config.test?.projects ?? []) as Array<{ test: { name: string; include: string[] } }>;
  const folders = projects.map((p) =>
    p.test.include.map((glob) => glob.replace(/\/\*\*\/\*\.test\.ts$/, '/')),
  );
  expect(projects.map((p) => p.test.name)).toEqual(['unit', 'integration', 'e2e', 'reliability']);
  expect(folders).toEqual([['test/unit/'], ['test/integration/'], ['test/e2e/'], ['test/reliability/']]);
  const testFiles = readdirSync(join(ROOT, 'test'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
  expect(testFiles.length).toBeGreaterThan(50);
  const homeless = testFiles.filter((file) => !folders.flat().some((folder) => file.startsWith(folder)));
  expect(homeless).toEqual([]);
});
