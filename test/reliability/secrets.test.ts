// Canary secrets, end to end. The simulator is seeded with canary AK, SK and IAM password; a proxy plants
// canary sign_key/sign_secret, access_key/access_secret and IAM tokens in the answers and records the
// temporary credentials the metadata endpoint hands out; a canary security token rides along. The exporter
// then runs as a process at debug level through scrapes, upstream faults, a reload to a wrong SK (401s),
// token revocation, the landing page and shutdown — and no canary (nor a 12-character piece of one) may
// appear in /metrics, the landing page, any HTTP answer, any log line, stdout, or the config dump.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Engine } from '../../src/collectors/engine.js';
import type { EngineLogger } from '../../src/collectors/types.js';
import { createRegionApi } from '../../src/huaweicloud/client.js';
import { renderLandingPage } from '../../src/server/landing.js';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { type CanaryProxy, startCanaryProxy } from './helpers/canary-proxy.js';
import { runCli, startChildExporter } from './helpers/child-exporter.js';
import { httpGet } from './helpers/harness.js';

const AK = 'CANARYAK7Q2W4E6R8T0Y';
const SK = 'CanarySecretKey-9f8e7d6c5b4a3928';
const WRONG_SK = 'CanaryWrongSecretKey-1a2b3c4d5e6f';
const SECURITY_TOKEN = 'CanarySecurityToken-5a4b3c2d1e0f';
const PASSWORD = 'CanaryIamPassword-77e1d0c9b8';
const USER = 'canary-user';

function fragments(secret: string): string[] {
  return secret.length <= 12 ? [secret] : [secret, secret.slice(0, 12), secret.slice(-12)];
}

/** Fails naming the text and the piece found, without printing the secret in full. */
function expectClean(texts: Record<string, string>, secrets: readonly string[]): void {
  const pieces = secrets.flatMap(fragments);
  for (const [where, text] of Object.entries(texts)) {
    for (const piece of pieces) {
      if (text.includes(piece)) throw new Error(`${where} contains a secret (${piece.slice(0, 6)}…)`);
    }
  }
}

let sim: SimulatorHandle;
let proxy: CanaryProxy;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({
    quotas: {},
    seed: 21,
    scale: { regions: 1 },
    ak: AK,
    sk: SK,
    users: [{ name: USER, password: PASSWORD }],
    // The wrong-SK phase must show 401s, not a lock: the lock is the credentials test's subject.
    lockSeconds: 0,
  });
  proxy = await startCanaryProxy(sim.url);
  dir = await mkdtemp(join(tmpdir(), 'hwc-secrets-'));
  await Promise.all([
    writeFile(join(dir, 'ak.txt'), `${AK}\n`),
    writeFile(join(dir, 'sk.txt'), `${SK}\n`),
    writeFile(join(dir, 'sts.txt'), `${SECURITY_TOKEN}\n`),
    writeFile(join(dir, 'password.txt'), `${PASSWORD}\n`),
  ]);
});
afterAll(async () => {
  await proxy?.close();
  await sim?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function config(credentials: Record<string, unknown>): string {
  const { swr, hss, apig, roma, iam } = proxy.endpoints;
  return stringify({
    credentials: { ...credentials, use_chain: false },
    regions: sim.regions.map((r) => ({
      name: r.name,
      project_id: r.projectId,
      endpoints: { swr, hss, apig, roma, iam },
    })),
    collectors: Object.fromEntries(
      ['swr_signing', 'swr_registries', 'hss_registries', 'apig_signature_keys'].map((c) => [
        c,
        { ttl: '1ms' },
      ]),
    ),
    scrape: { timeout_offset: '50ms', discovery_ttl: '1ms' },
    client: {
      retries: { max: 1, base_delay: '5ms', max_delay: '10ms' },
      limits: Object.fromEntries(
        ['swr', 'hss', 'apig', 'roma', 'iam'].map((s) => [s, { rate_per_second: 0 }]),
      ),
    },
  });
}

/** Everything a person or a program can read from a running exporter, keyed by where it came from. */
async function exercise(url: string, label: string): Promise<Record<string, string>> {
  const seen: Record<string, string> = {};
  const read = async (name: string, path: string, init?: RequestInit) => {
    const res = await fetch(`${url}${path}`, init);
    seen[`${label} ${name} (HTTP ${res.status})`] = `${[...res.headers].join('\n')}\n${await res.text()}`;
  };
  await read('metrics', '/metrics');
  for (const [target, spec] of [
    ['swr.*', { error500Rate: 1 }],
    ['hss.*', { throttleRate: 1 }],
    ['apig.*', { malformedRate: 1 }],
    ['swr.ListInstanceRegistries', { resetRate: 1 }],
    ['apig.ListSignatureKeysV2', { truncateRate: 1 }],
    ['swr.ShowInstanceRegistry', { wrongTypesRate: 1 }],
  ] as const) {
    sim.faults.set(target, spec);
    await read(`metrics under ${target} fault`, '/metrics');
    sim.faults.clear();
  }
  await read('metrics after faults', '/metrics');
  await read('metrics gzip', '/metrics', { headers: { 'Accept-Encoding': 'gzip' } });
  await read('landing page', '/');
  await read('healthy', '/-/healthy');
  await read('ready', '/-/ready');
  await read('not found', '/no/such/page?ak=x');
  await read('reload GET', '/-/reload');
  return seen;
}

describe('the scanner', () => {
  it('finds a whole secret and a 12-character piece of one', () => {
    expect(() => expectClean({ log: `x ${SK} y` }, [SK])).toThrow('log contains a secret');
    expect(() => expectClean({ log: `…${SK.slice(-12)}` }, [SK])).toThrow('log contains a secret');
    expect(() => expectClean({ log: 'nothing here' }, [SK])).not.toThrow();
  });
});

describe('the exporter process with access keys', () => {
  it('keeps every canary out of metrics, pages, answers, logs and the config dump', async () => {
    const file = join(dir, 'aksk.yml');
    await writeFile(
      file,
      config({
        ak_file: join(dir, 'ak.txt'),
        sk_file: join(dir, 'sk.txt'),
        security_token_file: join(dir, 'sts.txt'),
      }),
    );
    const exporter = await startChildExporter([
      `--config.file=${file}`,
      '--log.level=debug',
      '--log.format=logfmt',
    ]);
    let seen: Record<string, string>;
    try {
      seen = await exercise(exporter.url, 'right SK:');
      // A reload to a wrong SK: every request now fails upstream with a 401 that echoes the canonical request.
      await writeFile(join(dir, 'sk.txt'), `${WRONG_SK}\n`);
      const reload = await fetch(`${exporter.url}/-/reload`, { method: 'POST' });
      seen[`reload (HTTP ${reload.status})`] = await reload.text();
      Object.assign(seen, await exercise(exporter.url, 'wrong SK:'));
      // A reload that fails: the canaries written into the file inline (refused without allow_inline_secrets),
      // so the rejection message is built from a file that holds them.
      const good = await readFile(file, 'utf8');
      await writeFile(
        file,
        `${good}\nallow_inline_secrets: maybe\n`.replace(/ak_file: .*/, `ak: ${AK}\n  sk: ${SK}`),
      );
      const refused = await fetch(`${exporter.url}/-/reload`, { method: 'POST' });
      seen[`refused reload (HTTP ${refused.status})`] = await refused.text();
      expect(refused.status).toBe(500);
      await writeFile(file, good);
      expect(seen['wrong SK: metrics (HTTP 200)']).toMatch(/huaweicloud_collector_success\{[^}]*\} 0/);
      expect(exporter.process.exitCode).toBeNull(); // no unhandled rejection took the process down
    } finally {
      exporter.process.kill('SIGTERM');
      await writeFile(join(dir, 'sk.txt'), `${SK}\n`);
    }
    const exit = await exporter.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    const dump = await runCli(['--config.check', '--verbose', `--config.file=${file}`]);
    expect(dump.code).toBe(0);

    // Not vacuous: the canaries went out, debug logging was on, the 401s happened and were logged.
    expect(proxy.planted.CanarySignKey).toBeGreaterThan(0);
    expect(proxy.planted.CanarySignSecret).toBeGreaterThan(0);
    expect(proxy.planted.CanaryAccessSecret).toBeGreaterThan(0);
    expect(exporter.stderr).toContain('level=debug');
    expect(exporter.stderr).toMatch(/AUTH_FAILED[^\n]*HTTP 401/);
    expect(sim.requestLog.entries().some((e) => e.auth === 'failed')).toBe(true);

    expectClean(
      {
        ...seen,
        'exporter stderr': exporter.stderr,
        'exporter stdout': exporter.stdout,
        'config dump': `${dump.stdout}${dump.stderr}`,
      },
      [AK, SK, WRONG_SK, SECURITY_TOKEN, ...proxy.secrets],
    );
  });
});

describe('the exporter process with an IAM password', () => {
  it('keeps the password and every IAM token out of everything it writes', async () => {
    const file = join(dir, 'iam.yml');
    await writeFile(
      file,
      config({ iam_user: USER, iam_domain: 'sim-domain', iam_password_file: join(dir, 'password.txt') }),
    );
    const before = proxy.planted.CanaryIamToken ?? 0;
    const exporter = await startChildExporter([`--config.file=${file}`, '--log.level=debug']);
    let seen: Record<string, string>;
    try {
      seen = await exercise(exporter.url, 'token:');
      // Revoked tokens: the next request gets a 401, the client drops the token and asks IAM for another.
      await httpGet(`${sim.url}/_sim/auth/revoke`).then(() =>
        fetch(`${sim.url}/_sim/auth/revoke`, { method: 'POST' }),
      );
      await httpGet(`${exporter.url}/metrics`);
      Object.assign(seen, await exercise(exporter.url, 'after revoke:'));
      expect(exporter.process.exitCode).toBeNull();
    } finally {
      exporter.process.kill('SIGTERM');
    }
    expect(await exporter.exited).toEqual({ code: 0, signal: null });
    const dump = await runCli(['--config.check', '--verbose', `--config.file=${file}`]);

    expect((proxy.planted.CanaryIamToken ?? 0) - before).toBeGreaterThanOrEqual(2);
    expect(exporter.stderr).toContain('"level":"debug"');
    expectClean(
      {
        ...seen,
        'exporter stderr': exporter.stderr,
        'exporter stdout': exporter.stdout,
        'config dump': `${dump.stdout}${dump.stderr}`,
      },
      [PASSWORD, ...proxy.secrets],
    );
  });
});

describe('temporary credentials from ECS metadata', () => {
  // The config file has no metadata endpoint (ECS's is fixed), so this part runs the engine in process with
  // the client pointed at the proxy's /metadata.
  it('keeps the temporary AK, SK and security token out of metrics, status, page and logs', async () => {
    const lines: string[] = [];
    const log = (level: string) => (obj: object, msg: string) =>
      lines.push(JSON.stringify({ level, ...obj, msg }));
    const logger: EngineLogger = {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
    };
    const region = sim.regions[0];
    if (region === undefined) throw new Error('no region');
    const api = await createRegionApi({
      region: region.name,
      projectId: region.projectId,
      endpoints: proxy.endpoints,
      retries: { max: 0 },
      // HSS refreshes on every scrape here: unpaced (quota pacing has its own tests).
      limits: { hss: { ratePerSecond: 0 } },
      env: { HOME: dir },
    });
    const engine = new Engine({
      targets: [{ region: region.name, api }],
      logger,
      settings: { collectors: { swr_signing: { ttlSeconds: 0.001 }, hss_registries: { ttlSeconds: 0.001 } } },
    });
    const outputs: Record<string, string> = {};
    try {
      outputs['scrape 1'] = await engine.scrape();
      await fetch(`${sim.url}/_sim/auth/revoke`, { method: 'POST' });
      outputs['scrape after revoke'] = await engine.scrape();
      outputs['scrape 3'] = await engine.scrape();
      sim.faults.set('hss.*', { error500Rate: 1 });
      outputs['scrape under fault'] = await engine.scrape();
      sim.faults.clear();
      outputs.status = JSON.stringify(engine.status());
      outputs['landing page'] = renderLandingPage({
        version: 'test',
        telemetryPath: '/metrics',
        ready: true,
        statuses: engine.status(),
        configDump: '',
        redact: (t) => t,
      });
    } finally {
      await engine.close();
      await api.close();
    }
    expect(proxy.planted.TemporarySecurityToken).toBeGreaterThanOrEqual(2);
    expect(outputs['scrape 3']).toMatch(/huaweicloud_collector_success\{collector="hss_registries"[^}]*\} 1/);
    expect(lines.some((l) => l.includes('"level":"debug"'))).toBe(true);
    expectClean({ ...outputs, logs: lines.join('\n') }, proxy.secrets);
  });
});
