// The layer rules (.dependency-cruiser.cjs, `npm run lint:layers`) really fail when broken: a throw-away src/
// tree in a temp folder breaks each rule once, and dependency-cruiser must name exactly the rules each file
// breaks. A rule that matched nothing (a wrong path regex) would pass the real src/ silently; this catches it.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../..');
const DEPCRUISE = join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** Each file of the fake tree, and the rules it must be reported for (none: it is allowed). */
const FIXTURE: Record<string, { source: string; breaks: string[] }> = {
  'src/cycle/a.ts': { source: "import { b } from './b.js';\nexport const a = b;\n", breaks: ['no-circular'] },
  'src/cycle/b.ts': {
    // Type-only, and still a cycle; dependency-cruiser reports a cycle once, from its first file (a.ts).
    source: "import type { a } from './a.js';\nexport const b = 1 as unknown as typeof a;\n",
    breaks: [],
  },
  'src/collectors/uses-undici.ts': {
    source: "import { request } from 'undici';\nexport const r = request;\n",
    breaks: ['engine-no-transport'],
  },
  'src/collectors/signs.ts': {
    source: "import { sign } from '../huaweicloud/signer.js';\nexport const s = sign;\n",
    breaks: ['engine-no-transport'],
  },
  'src/collectors/reads-config.ts': {
    source: "import { schema } from '../config/schema.js';\nexport const c = schema;\n",
    breaks: ['collectors-below-the-app'],
  },
  'src/collectors/typo.ts': {
    source: "import { x } from './missing.js';\nexport const y = x;\n",
    breaks: ['not-to-unresolvable'],
  },
  'src/collectors/allowed.ts': {
    source:
      "import type { Api } from '../huaweicloud/api.js';\nimport { turns } from '../runtime/turns.js';\n" +
      'export const ok: Api | number = turns;\n',
    breaks: [],
  },
  'src/collectors/engine.ts': { source: 'export const engine = 1;\n', breaks: [] },
  'src/config/schema.ts': { source: 'export const schema = 1;\n', breaks: [] },
  'src/huaweicloud/api.ts': { source: 'export interface Api {\n  x: number;\n}\n', breaks: [] },
  'src/huaweicloud/signer.ts': {
    source: "import { turns } from '../runtime/turns.js';\nexport const sign = turns;\n",
    breaks: [],
  },
  'src/huaweicloud/metrics.ts': {
    source: "import { Counter } from 'prom-client';\nexport const c = Counter;\n",
    breaks: ['client-no-prom-client'],
  },
  'src/huaweicloud/uses-engine.ts': {
    source: "import { engine } from '../collectors/engine.js';\nexport const e = engine;\n",
    breaks: ['client-self-contained'],
  },
  'src/huaweicloud/uses-simulator.ts': {
    source: "import { world } from '../simulator/world.js';\nexport const w = world;\n",
    breaks: ['client-self-contained', 'nothing-imports-the-simulator'],
  },
  'src/runtime/turns.ts': { source: 'export const turns = 1;\n', breaks: [] },
  'src/runtime/reads-config.ts': {
    source: "import { schema } from '../config/schema.js';\nexport const r = schema;\n",
    breaks: ['runtime-is-a-leaf'],
  },
  'src/simulator/world.ts': { source: 'export const world = 1;\n', breaks: [] },
  'src/simulator/borrows-signer.ts': {
    source: "import { sign } from '../huaweicloud/signer.js';\nexport const s = sign;\n",
    breaks: ['simulator-shares-no-code'],
  },
  'src/server/routes.ts': {
    source: "import { probe } from '../scaleout/routes.js';\nexport const r = probe;\n",
    breaks: ['server-no-scaleout'],
  },
  'src/server/engine-insides.ts': {
    source: "import { engine } from '../collectors/engine.js';\nexport const e = engine;\n",
    breaks: ['server-not-engine-insides'],
  },
  'src/scaleout/routes.ts': { source: 'export const probe = 1;\n', breaks: [] },
  'src/scaleout/fetches.ts': {
    source: "import { request } from 'undici';\nexport const f = request;\n",
    breaks: ['engine-no-transport'],
  },
  'src/cli.ts': {
    source: "import { world } from './simulator/world.js';\nexport const w = world;\n",
    breaks: [],
  },
};

interface CruiseResult {
  summary: { violations: Array<{ from: string; rule: { name: string } }>; totalCruised: number };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'layers-'));
  // The fake tree resolves packages (undici, prom-client) through the repository's node_modules.
  await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
  );
  for (const [file, { source }] of Object.entries(FIXTURE)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), source);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs dependency-cruiser on the fake tree as `npm run lint:layers` runs it on src/, in `outputType`. */
async function cruise(outputType: 'err' | 'json'): Promise<{ exitCode: number; stdout: string }> {
  const args = [
    DEPCRUISE,
    'src',
    '--config',
    join(REPO, '.dependency-cruiser.cjs'),
    '--output-type',
    outputType,
  ];
  try {
    const { stdout } = await run(process.execPath, args, { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    return { exitCode: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    if (typeof failed.code !== 'number' || failed.stdout === undefined) throw error;
    return { exitCode: failed.code, stdout: failed.stdout };
  }
}

describe('the layer rules (npm run lint:layers)', () => {
  it('fail the check (non-zero exit) when any rule is broken', async () => {
    const { exitCode, stdout } = await cruise('err');
    expect(exitCode, stdout).not.toBe(0);
    expect(stdout).toContain('no-circular');
  });

  it('report every broken rule on the file that breaks it, and nothing on allowed imports', async () => {
    const result = JSON.parse((await cruise('json')).stdout) as CruiseResult;
    expect(result.summary.totalCruised).toBeGreaterThanOrEqual(Object.keys(FIXTURE).length);

    const reported = new Map<string, Set<string>>();
    for (const v of result.summary.violations) {
      reported.set(v.from, (reported.get(v.from) ?? new Set()).add(v.rule.name));
    }
    const actual = Object.fromEntries(
      Object.keys(FIXTURE).map((file) => [file, [...(reported.get(file) ?? [])].sort()]),
    );
    const expected = Object.fromEntries(
      Object.entries(FIXTURE).map(([file, { breaks }]) => [file, [...breaks].sort()]),
    );
    expect(actual).toEqual(expected);
  });
});
