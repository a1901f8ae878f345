// Global setup of the e2e project: the packed-package test packs dist/, so a fresh clone's `npm test` builds it
// first (issue 15: `npm test` needs nothing but `npm ci`). An existing dist/ is left as it is: `npm run build`
// (and .ci/run) keep it current, and rebuilding it here could change files another checkout's run is reading.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function setup(): void {
  if (existsSync(join(ROOT, 'dist', 'cli.js'))) return;
  console.log('no dist/: running `npm run build` for the packed-package test');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit', timeout: 300_000 });
}
