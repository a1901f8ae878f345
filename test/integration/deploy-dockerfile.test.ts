// The Dockerfile and .dockerignore, read as data: the stages do what the image promises (production
// dependencies only, non-root, node as PID 1), the ports and paths agree with the CLI and the Kubernetes
// example, and the HEALTHCHECK one-liner really tells a healthy exporter from a sick or absent one.
// scripts/container/test.sh proves the image builds and runs; this catches drift without a container.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_LISTEN_ADDRESS, parseFlags } from '../../src/cli.js';
import { parseListenAddress } from '../../src/server.js';

const run = promisify(execFile);
const read = (path: string) => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8');
const DEFAULT_PORT = parseListenAddress(DEFAULT_LISTEN_ADDRESS).port;

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions per stage; continuation lines joined, comments dropped. */
function stagesOf(text: string): Instruction[][] {
  const stages: Instruction[][] = [];
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  for (const line of logical) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') stages.push([]);
    const stage = stages.at(-1);
    if (stage === undefined) throw new Error(`Dockerfile: ${instruction.keyword} before the first FROM`);
    stage.push(instruction);
  }
  return stages;
}

const stages = stagesOf(read('Dockerfile'));
const final = stages.at(-1) ?? [];
const all = (stage: Instruction[], keyword: string) => stage.filter((i) => i.keyword === keyword);
const one = (stage: Instruction[], keyword: string): string => {
  const found = all(stage, keyword);
  if (found.length !== 1) throw new Error(`expected one ${keyword} in the stage, found ${found.length}`);
  return found[0]?.args ?? '';
};
const stageName = (stage: Instruction[]) => / AS (\S+)$/i.exec(one(stage, 'FROM'))?.[1];
const stageRunning = (pattern: RegExp) => stages.find((s) => all(s, 'RUN').some((r) => pattern.test(r.args)));

describe('Dockerfile', () => {
  it('builds every stage on the same Node LTS bookworm-slim image', () => {
    const images = stages.map((s) => one(s, 'FROM').split(/\s+/)[0]);
    expect(new Set(images).size).toBe(1);
    const major = Number(/^docker\.io\/library\/node:(\d+)-bookworm-slim$/.exec(images[0] ?? '')?.[1]);
    expect(major % 2, 'Node LTS lines have even majors').toBe(0);
    const engines = JSON.parse(read('package.json')).engines.node as string;
    expect(major).toBeGreaterThanOrEqual(Number(/\d+/.exec(engines)?.[0]));
  });

  it('installs production dependencies in one stage and builds in another; the image takes only their output', () => {
    const deps = stageRunning(/\bnpm ci\b.*--omit=dev/);
    const build = stageRunning(/\bnpm run build\b/);
    expect(deps).toBeDefined();
    expect(all(build ?? [], 'RUN').some((r) => /\bnpm ci\b(?!.*--omit)/.test(r.args))).toBe(true);
    const copiedFrom = all(final, 'COPY')
      .filter((c) => c.args.startsWith('--from='))
      .map((c) => c.args.split(/\s+/).slice(0, 2).join(' '));
    expect(copiedFrom.sort()).toEqual(
      [
        `--from=${stageName(build ?? [])} /app/dist`,
        `--from=${stageName(deps ?? [])} /app/node_modules`,
      ].sort(),
    );
    expect(all(final, 'RUN').some((r) => /\bnpm\b/.test(r.args))).toBe(false);
  });

  it('runs as a numeric non-root user, node as PID 1, with the CLI accepting the default args', () => {
    const [uid, gid] = one(final, 'USER').split(':').map(Number);
    expect(uid).toBeGreaterThan(0);
    expect(gid).toBeGreaterThan(0);
    expect(JSON.parse(one(final, 'ENTRYPOINT'))).toEqual(['node', 'dist/cli.js']);
    const cmd = JSON.parse(one(final, 'CMD')) as string[];
    expect(parseFlags(cmd).configFile).toBe('/etc/huaweicloud-exporter/config.yml');
    const deployment = parse(read('deploy/kubernetes/deployment.yaml'));
    const container = deployment.spec.template.spec.containers[0];
    expect(container.args).toContain(`--config.file=${parseFlags(cmd).configFile}`);
    expect(deployment.spec.template.spec.securityContext.runAsUser).toBe(uid);
  });

  it('exposes and health-checks the CLI default port', () => {
    expect(one(final, 'EXPOSE')).toBe(String(DEFAULT_PORT));
    expect(one(final, 'HEALTHCHECK')).toContain(`http://127.0.0.1:${DEFAULT_PORT}/-/healthy`);
  });

  it('carries the OCI labels, with the licence from package.json', () => {
    const labels = all(final, 'LABEL')
      .map((l) => l.args)
      .join(' ');
    for (const key of ['title', 'description', 'version', 'revision', 'created', 'licenses', 'base.name'])
      expect(labels).toContain(`org.opencontainers.image.${key}=`);
    expect(labels).toContain(
      `org.opencontainers.image.licenses="${JSON.parse(read('package.json')).license}"`,
    );
  });

  it('stamps the revision and date of its build args into dist/build-info.json', () => {
    const build = stages.find((s) => all(s, 'COPY').some((c) => c.args.includes('src ./src')));
    const runs = build === undefined ? [] : all(build, 'RUN').map((r) => r.args);
    expect(runs).toContain('BUILD_REVISION="$REVISION" BUILD_DATE="$CREATED" node scripts/build-info.mjs');
    expect(runs.indexOf('npm run build')).toBeLessThan(runs.length - 1);
  });

  it('.dockerignore allows exactly what the build copies from the context', () => {
    const rules = read('.dockerignore')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'));
    expect(rules[0]).toBe('*');
    const allowed = rules.slice(1).map((r) => r.replace(/^!/, '').replace(/\/$/, ''));
    const copied = stages
      .flatMap((s) => all(s, 'COPY'))
      .filter((c) => !c.args.startsWith('--from='))
      .flatMap((c) => c.args.split(/\s+/).slice(0, -1));
    expect([...new Set(copied)].sort()).toEqual([...allowed].sort());
  });
});

describe('HEALTHCHECK one-liner', () => {
  let server: Server | undefined;
  afterEach(async () => {
    const open = server;
    server = undefined;
    if (open !== undefined) await new Promise((resolve) => open.close(resolve));
  });

  const healthcheck = JSON.parse(one(final, 'HEALTHCHECK').replace(/^.*?CMD\s+/, '')) as string[];
  const script = healthcheck[2] ?? '';

  async function exitCodeAgainst(port: number): Promise<number> {
    const patched = script.replace(`127.0.0.1:${DEFAULT_PORT}`, `127.0.0.1:${port}`);
    expect(patched).not.toBe(script);
    try {
      await run(process.execPath, ['-e', patched], { timeout: 8_000 });
      return 0;
    } catch (error) {
      return (error as { code?: number }).code ?? -1;
    }
  }

  async function serve(status: number): Promise<number> {
    server = createServer((request, response) => {
      response.statusCode = request.url === '/-/healthy' ? status : 404;
      response.end();
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  it('is node -e, no curl needed', () => {
    expect(healthcheck.slice(0, 2)).toEqual(['node', '-e']);
  });

  it('exits 0 when /-/healthy answers 200', async () => {
    expect(await exitCodeAgainst(await serve(200))).toBe(0);
  });

  it('exits 1 when /-/healthy answers 503', async () => {
    expect(await exitCodeAgainst(await serve(503))).toBe(1);
  });

  it('exits 1 when nothing listens', async () => {
    const port = await serve(200);
    const open = server;
    server = undefined;
    await new Promise((resolve) => open?.close(resolve));
    expect(await exitCodeAgainst(port)).toBe(1);
  });
});
