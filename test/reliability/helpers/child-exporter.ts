// The exporter as a separate process, the way an operator runs it: `node cli.js --flags`. Node 20 cannot run
// the TypeScript sources, and dist/ may be stale or mid-build by a colleague, so the sources are transpiled
// (TypeScript's transpileModule, no type check) into .test-build/<content hash>/ inside this checkout
// (git-ignored). Living inside the repository, the build finds this checkout's node_modules the ordinary way,
// by walking up; nothing is shared with other checkouts through the temp dir. Every line the process writes
// is captured.

import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

let built: Promise<string> | undefined;
/** Bump when the way sources are turned into JavaScript changes: old builds are then never reused. */
const BUILD_RECIPE = 'es2022-esm-2';
/** Where the builds live: inside the checkout, so each clone has its own. */
export const BUILD_ROOT = join(ROOT, '.test-build');

/** Path of a runnable cli.js built from the current sources (shared by every test file of this run). */
export function buildCli(): Promise<string> {
  built ??= transpileSources();
  return built;
}

async function transpileSources(): Promise<string> {
  const srcDir = join(ROOT, 'src');
  const files = await sourceFiles(srcDir);
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  const hash = createHash('sha256').update(`${BUILD_RECIPE}\0${ts.version}\0`);
  for (const [i, file] of files.entries()) {
    hash
      .update(relative(srcDir, file))
      .update('\0')
      .update(texts[i] ?? '');
  }
  const name = hash.digest('hex').slice(0, 16);
  const outDir = join(BUILD_ROOT, name);
  const cli = join(outDir, 'src', 'cli.js');
  if (existsSync(cli)) return cli;

  // Built aside and renamed into place, so a parallel test file never sees half a build.
  const staging = `${outDir}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  for (const [i, file] of files.entries()) {
    const { outputText } = ts.transpileModule(texts[i] ?? '', {
      compilerOptions: {
        // ES module output as is: the package is "type": "module" and imports already end in .js.
        module: ts.ModuleKind.ES2022,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
      fileName: file,
    });
    const target = join(staging, 'src', relative(srcDir, file)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, outputText);
  }
  // package.json: "type": "module" for the .js files, and the version the exporter reports.
  await cp(join(ROOT, 'package.json'), join(staging, 'package.json'));
  try {
    await rename(staging, outDir);
  } catch {
    await rm(staging, { recursive: true, force: true }); // another test file won the race
  }
  await removeOtherBuilds(name);
  return cli;
}

/** Builds of older sources are never used again; the folder would otherwise grow with every edit. */
async function removeOtherBuilds(current: string): Promise<void> {
  const entries = await readdir(BUILD_ROOT, { withFileTypes: true });
  const stale = entries.filter((e) => e.isDirectory() && e.name !== current && /^[0-9a-f]{16}$/.test(e.name));
  await Promise.all(stale.map((e) => rm(join(BUILD_ROOT, e.name), { recursive: true, force: true })));
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildRun {
  process: ChildProcess;
  /** Everything written so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves when the process has exited (never rejects). */
  exited: Promise<Exit>;
}

/** Starts `node cli.js ...args` with exactly `env` (plus PATH), capturing both streams. */
export async function spawnCli(args: readonly string[], env: Record<string, string> = {}): Promise<ChildRun> {
  const cli = await buildCli();
  const child = spawn(process.execPath, [cli, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (t: string) => {
    stdout += t;
  });
  child.stderr?.setEncoding('utf8').on('data', (t: string) => {
    stderr += t;
  });
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    process: child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
  };
}

/** Runs the CLI to completion; kills it (and fails) if it is still running after `limitMs`. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  limitMs = 15_000,
): Promise<Exit & { stdout: string; stderr: string }> {
  const run = await spawnCli(args, env);
  const timer = setTimeout(() => run.process.kill('SIGKILL'), limitMs);
  const exit = await run.exited;
  clearTimeout(timer);
  // Let the pipes drain: 'exit' can fire before the last 'data'.
  await new Promise((resolve) => setImmediate(resolve));
  if (exit.signal === 'SIGKILL') throw new Error(`cli ${args.join(' ')} still running after ${limitMs} ms`);
  return { ...exit, stdout: run.stdout, stderr: run.stderr };
}

/** Polls until `condition()` is true; rejects with `what` after `limitMs` (a hang guard, not a measurement). */
export async function waitFor(what: string, condition: () => boolean, limitMs = 15_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A running exporter: spawns it on 127.0.0.1:0 and reads the bound URL from its log. */
export async function startChildExporter(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ChildRun & { url: string }> {
  const defaults = args.some((a) => a.startsWith('--log.format')) ? [] : ['--log.format=json'];
  const run = await spawnCli(['--web.listen-address=127.0.0.1:0', ...defaults, ...args], env);
  let url: string | undefined;
  let exit: Exit | undefined;
  void run.exited.then((e) => {
    exit = e;
  });
  await waitFor('the exporter to listen', () => {
    if (exit !== undefined) throw new Error(`the exporter exited (${JSON.stringify(exit)}): ${run.stderr}`);
    url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stderr)?.[1];
    return url !== undefined;
  });
  return Object.assign(run, { url: url as string });
}

export interface ChildSimulator {
  run: ChildRun;
  url: string;
  endpoints: Record<string, string>;
  regions: Array<{ name: string; projectId: string }>;
  credentials: { ak: string; sk: string };
}

/** `cli.js simulate …` on 127.0.0.1:0; endpoints, regions and credentials read from what it prints. */
export async function startChildSimulator(args: readonly string[]): Promise<ChildSimulator> {
  const run = await spawnCli(['simulate', '--listen', '127.0.0.1:0', ...args]);
  await waitFor('the simulator to print its credentials', () => {
    if (run.process.exitCode !== null) throw new Error(`the simulator exited: ${run.stderr}`);
    return /Accepted SK: \S+/.test(run.stdout);
  });
  const text = run.stdout;
  const url = /listening on (http:\/\/\S+)/.exec(text)?.[1] ?? '';
  const endpoints = Object.fromEntries(
    [...text.matchAll(/^ {2}(swr|hss|apig|roma|iam|metadata)\s+(http:\/\/\S+)$/gm)].map((m) => [m[1], m[2]]),
  ) as Record<string, string>;
  const regions = [...text.matchAll(/^ {2}(\S+) {2}project_id=(\S+)$/gm)].map((m) => ({
    name: m[1] as string,
    projectId: m[2] as string,
  }));
  const ak = /Accepted AK: (\S+)/.exec(text)?.[1] ?? '';
  const sk = /Accepted SK: (\S+)/.exec(text)?.[1] ?? '';
  return { run, url, endpoints, regions, credentials: { ak, sk } };
}
