// Rewrites the README's generated reference sections (metrics, flags, config keys) from the built code:
//   npm run readme              (builds, then rewrites README.md)
//   node scripts/readme.mjs --check   exit 1 when README.md differs (test/unit/readme.test.ts checks the same)
import { readFileSync, writeFileSync } from 'node:fs';
import { USAGE } from '../dist/cli.js';
import { withGeneratedSections } from '../dist/docs/reference.js';

const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const generated = await withGeneratedSections(readme, USAGE);
if (process.argv.includes('--check')) {
  if (generated !== readme) console.error('README.md is stale: run npm run readme');
  process.exitCode = generated === readme ? 0 : 1;
} else {
  writeFileSync(path, generated);
  console.log('wrote README.md');
}
