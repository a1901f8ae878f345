// The exporter as a user runs it: `node dist/cli.js --config.file … --web.listen-address 127.0.0.1:PORT`, a
// separate process configured for the simulator. Credentials go in through the environment (never a file or
// a command line); the process is stopped with SIGTERM so a --cpu-prof profile gets written.

import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { memoryAfterGc } from './inspector.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Work items in flight per allowed request: the exporter's default ratio (32 work items, 8 requests). */
export const WORKERS_PER_REQUEST_SLOT = 4;

/**
 * The exporter config for one run: every collector on, the given TTL, `concurrency` requests per service in
 * flight with WORKERS_PER_REQUEST_SLOT × as many work items (so a freed slot always has a request waiting), and
 * no client-side rate limit (the bound counts latency and concurrency only).
 */
export function exporterConfig(simulator, { ttlSeconds, concurrency }) {
  const { swr, hss, apig, roma, iam } = simulator.endpoints;
  const ttl = { ttl: `${ttlSeconds}s`, max_age: `${Math.max(ttlSeconds * 2, 3600)}s` };
  const limits = { concurrency, rate_per_second: 0 };
  return {
    regions: simulator.regions.map((region) => ({
      name: region.name,
      project_id: region.projectId,
      endpoints: { swr, hss, apig, roma, iam },
    })),
    collectors: {
      swr_signing: ttl,
      swr_registries: ttl,
      hss_registries: ttl,
      apig_signature_keys: ttl,
    },
    scrape: {
      worker_limit: concurrency * WORKERS_PER_REQUEST_SLOT,
      max_timeout: '900s',
      discovery_ttl: '1h',
    },
    client: {
      limits: { swr: limits, hss: limits, apig: limits, roma: limits, iam: limits },
      timeouts: { operation: '120s' },
    },
  };
}

function cleanEnvironment(credentials) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(HUAWEICLOUD_|CLOUD_SDK_)/.test(name)) env[name] = value;
  }
  env.HUAWEICLOUD_SDK_AK = credentials.ak;
  env.HUAWEICLOUD_SDK_SK = credentials.sk;
  return env;
}

async function waitReady(baseUrl, child) {
  const until = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`exporter exited with code ${child.exitCode} before ready`);
    try {
      const response = await fetch(`${baseUrl}/-/ready`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('exporter not ready in time');
}

/**
 * Starts the exporter; `profileDir` turns on --cpu-prof (the profile is written when the process exits).
 * Resolves once /-/ready answers 200.
 */
export async function startExporterProcess({
  simulator,
  workDir,
  name,
  config,
  profileDir,
  inspect = false,
}) {
  const configFile = join(workDir, `${name}.yml`);
  await writeFile(configFile, stringify(config));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const nodeFlags = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  // The inspector only for memory runs: it lets the bench force a full collection before reading memory.
  const inspectPort = inspect ? await freePort() : undefined;
  if (inspectPort !== undefined) nodeFlags.push(`--inspect=127.0.0.1:${inspectPort}`);
  const logFile = join(workDir, `${name}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      ...nodeFlags,
      CLI,
      `--config.file=${configFile}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      '--log.format=json',
    ],
    { env: cleanEnvironment(simulator.credentials), stdio: ['ignore', log, log] },
  );
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  try {
    await waitReady(baseUrl, child);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`${error.message} (log: ${logFile})`);
  }
  return {
    pid: child.pid,
    baseUrl,
    logFile,
    /** process.memoryUsage() after a full garbage collection (memory runs only: started with `inspect`). */
    async memoryAfterGc() {
      if (inspectPort === undefined) throw new Error('the exporter was started without the inspector');
      return memoryAfterGc(inspectPort);
    },
    /** SIGTERM, wait for a clean exit (SIGKILL after a while); returns the profile file, if any. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const outcome = await exited;
      clearTimeout(timer);
      if (profileDir === undefined) return { ...outcome, profile: undefined };
      const files = (await readdir(profileDir)).filter((f) => f.endsWith('.cpuprofile'));
      const mine = files.find((f) => f.includes(`.${child.pid}.`));
      return { ...outcome, profile: mine === undefined ? undefined : join(profileDir, mine) };
    },
  };
}
