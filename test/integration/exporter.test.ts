// The exporter as a whole against the in-process simulator: config file → clients → engine → HTTP, reloads
// (good applied, bad rejected with the old config kept), SIGHUP/SIGTERM handling, and the demo.

import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runDemo } from '../../src/demo.js';
import { Exporter } from '../../src/exporter.js';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { serveUntilStopped } from '../../src/server/lifecycle.js';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';

let sim: SimulatorHandle;
let dir: string;
let configFile: string;
const logLines: string[] = [];
const logging = {
  level: 'debug',
  format: 'logfmt',
  destination: { write: (l: string) => logLines.push(l) },
} as const;
const logger = {
  debug: (o: object, m: string) => logLines.push(`${m} ${JSON.stringify(o)}`),
  info: (o: object, m: string) => logLines.push(`${m} ${JSON.stringify(o)}`),
  warn: (o: object, m: string) => logLines.push(`${m} ${JSON.stringify(o)}`),
  error: (o: object, m: string) => logLines.push(`${m} ${JSON.stringify(o)}`),
};

function writeConfig(
  extra = '',
  regionExtra = '',
  credentials = 'ak_file: ak.txt\n  sk_file: sk.txt',
  hssLimits = '{ rate_per_second: 0 }',
) {
  const { swr, hss, apig, roma, iam } = sim.endpoints;
  const regions = sim.regions
    .map(
      (r) => `  - name: ${r.name}
    project_id: "${r.projectId}"
    endpoints: { swr: "${swr}", hss: "${hss}", apig: "${apig}", roma: "${roma}", iam: "${iam}" }
${regionExtra}`,
    )
    .join('');
  writeFileSync(
    configFile,
    // Unpaced: call budgets outlive reloads (Huawei counts per user), so at the defaults (HSS: 5 calls a
    // minute) a reload's first scrape would wait for the burst the previous configuration spent.
    `credentials:\n  ${credentials}\n  use_chain: false\nregions:\n${regions}client:\n  limits:\n` +
      ['swr', 'apig', 'roma', 'iam'].map((s) => `    ${s}: { rate_per_second: 0 }\n`).join('') +
      `    hss: ${hssLimits}\n${extra}`,
  );
}

function expectNoSecret(text: string) {
  expect(text).not.toContain(sim.credentials.sk);
  expect(text).not.toContain(sim.credentials.ak);
}

beforeAll(async () => {
  // Several exporters, one after another, call HSS: flow control is not what this file is about.
  sim = await startSimulator({ scale: 'small', quotas: {} });
  dir = mkdtempSync(join(tmpdir(), 'hwc-exporter-'));
  configFile = join(dir, 'config.yml');
  writeFileSync(join(dir, 'ak.txt'), `${sim.credentials.ak}\n`);
  writeFileSync(join(dir, 'sk.txt'), `${sim.credentials.sk}\n`);
});

afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
  expectNoSecret(logLines.join('\n'));
});

describe('exporter on the simulator', () => {
  it('serves every collector of every region, with the reload gauges', async () => {
    writeConfig();
    const exporter = new Exporter({ source: { file: configFile }, env: {} });
    expect(exporter.isReady()).toBe(false);
    await exporter.start(logger);
    try {
      expect(exporter.isReady()).toBe(true);
      const body = await exporter.scrape({ timeoutSeconds: 10 });
      for (const region of sim.regions) {
        for (const collector of ['swr_signing', 'swr_registries', 'hss_registries', 'apig_signature_keys']) {
          expect(body).toContain(
            `huaweicloud_collector_success{collector="${collector}",region="${region.name}"} 1`,
          );
        }
      }
      expect(body).toContain('huaweicloud_config_last_reload_successful 1\n');
      expect(body).toMatch(/\nhuaweicloud_config_last_reload_success_timestamp_seconds \d+(\.\d+)?\n/);
      expectNoSecret(body);
      expectNoSecret(exporter.configDump());
    } finally {
      await exporter.close();
    }
  });

  it('reload applies a good config, rejects a bad one and keeps the old', async () => {
    writeConfig();
    const exporter = new Exporter({ source: { file: configFile }, env: {} });
    await exporter.start(logger);
    try {
      expect(await exporter.scrape({ timeoutSeconds: 10 })).toContain('huaweicloud_hss_registry_info{');

      writeConfig('collectors:\n  hss_registries: { enabled: false }\n');
      const applied = await exporter.reload();
      expect(applied).toEqual({ ok: true, message: `config reloaded from ${configFile} (2 region(s))` });
      const afterGood = await exporter.scrape({ timeoutSeconds: 10 });
      expect(afterGood).not.toContain('huaweicloud_hss_registry_info{');
      expect(afterGood).toContain('huaweicloud_swr_signature_policy_info{');
      const dumpOfGood = exporter.configDump();

      writeConfig('collectors:\n  hss_registries: { enabled: true, ttl: 1 }\n', '    bogus: 1\n');
      const rejected = await exporter.reload();
      expect(rejected.ok).toBe(false);
      expect(rejected.message).toContain(
        'reload rejected, nothing applied, keeping the running config: invalid config',
      );
      expect(rejected.message).toContain('regions[0].bogus: unknown key');
      expect(rejected.message).toContain('collectors.hss_registries.ttl: must be a duration with a unit');
      const afterBad = await exporter.scrape({ timeoutSeconds: 10 });
      expect(afterBad).toContain('huaweicloud_config_last_reload_successful 0\n');
      expect(afterBad).not.toContain('huaweicloud_hss_registry_info{');
      expect(exporter.configDump()).toBe(dumpOfGood);

      writeConfig('', '', 'ak_file: ak.txt\n  sk_file: missing-sk.txt');
      const noSecret = await exporter.reload();
      expect(noSecret.ok).toBe(false);
      expect(noSecret.message).toContain(
        `credentials.sk_file: cannot read ${join(dir, 'missing-sk.txt')} (ENOENT)`,
      );

      writeConfig();
      expect((await exporter.reload()).ok).toBe(true);
      const restored = await exporter.scrape({ timeoutSeconds: 10 });
      expect(restored).toContain('huaweicloud_config_last_reload_successful 1\n');
      expect(restored).toContain('huaweicloud_hss_registry_info{');
    } finally {
      await exporter.close();
    }
  });

  it('a reload step whose apply throws applies nothing, resolves, and does not block the next reload', async () => {
    writeConfig();
    const exporter = new Exporter({ source: { file: configFile }, env: {} });
    await exporter.start(logger);
    try {
      writeConfig('collectors:\n  hss_registries: { enabled: false }\n');
      const throwing = {
        prepare: async () => ({
          apply: () => {
            throw new Error('web config could not be applied');
          },
          message: 'never said',
        }),
      };
      const failed = await exporter.reload(throwing);
      expect(failed.ok).toBe(false);
      expect(failed.message).toContain('reload rejected, nothing applied');
      expect(failed.message).toContain('web config could not be applied');
      const afterFailed = await exporter.scrape({ timeoutSeconds: 10 });
      expect(afterFailed).toContain('huaweicloud_hss_registry_info{'); // the config was not applied either
      expect(afterFailed).toContain('huaweicloud_config_last_reload_successful 0\n');

      expect(await exporter.reload()).toEqual({
        ok: true,
        message: `config reloaded from ${configFile} (2 region(s))`,
      });
      expect(await exporter.scrape({ timeoutSeconds: 10 })).not.toContain('huaweicloud_hss_registry_info{');
    } finally {
      await exporter.close();
    }
  });

  it('refuses to start without usable credentials, saying why', async () => {
    writeConfig('', '', 'iam_user: nobody\n  iam_domain: nowhere\n  iam_password_file: missing.txt');
    const exporter = new Exporter({ source: { file: configFile }, env: {} });
    await expect(exporter.start(logger)).rejects.toThrow(/credentials.iam_password_file: cannot read/);
    writeFileSync(
      configFile,
      `regions:\n  - name: ${sim.regions[0]?.name}\ncredentials:\n  use_chain: false\n`,
    );
    const chainless = new Exporter({ source: { file: configFile }, env: {} });
    const error = await chainless.start(logger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HuaweiCloudError);
    expect((error as HuaweiCloudError).code).toBe('CREDENTIALS');
    expect(chainless.isReady()).toBe(false);
  });
});

describe('a reload keeps the call budgets', () => {
  // Huawei counts calls per user: a Retry-After it sent must keep holding the operation after a reload builds
  // new clients, and the new configuration must not bring a fresh burst with it.
  it('a Retry-After hold still holds after the reload, with the budget config changed', async () => {
    // Two regions: the one that got the 429 is held, the other goes on answering.
    const hssSuccess = (body: string) =>
      [...body.matchAll(/^huaweicloud_collector_success\{collector="hss_registries",[^}]*\} (\d)$/gm)]
        .map((m) => m[1])
        .sort();
    const sent = () => sim.requestLog.summary()['hss.ListRegistry']?.statuses;
    const onlyHss = 'collectors:\n  hss_registries: { ttl: 1ms }\n';
    writeConfig(onlyHss, '', undefined, '{ rate_per_second: 10, burst: 5 }');
    const exporter = new Exporter({ source: { file: configFile }, env: {} });
    await exporter.start(logger);
    sim.requestLog.reset();
    try {
      sim.faults.set('hss.ListRegistry', { throttleRate: 1, retryAfterSeconds: 3600, count: 1 });
      expect(hssSuccess(await exporter.scrape({ timeoutSeconds: 5 }))).toEqual(['0', '1']);
      expect(sent()).toEqual({ '200': 1, '429': 1 });
      expect(hssSuccess(await exporter.scrape({ timeoutSeconds: 5 }))).toEqual(['0', '1']);
      expect(sent()).toEqual({ '200': 2, '429': 1 });

      // A changed rate re-rates the bucket; it does not reset it.
      writeConfig(onlyHss, '', undefined, '{ rate_per_second: 20, burst: 5 }');
      expect((await exporter.reload()).ok).toBe(true);
      expect(hssSuccess(await exporter.scrape({ timeoutSeconds: 5 }))).toEqual(['0', '1']);
      expect(sent()).toEqual({ '200': 3, '429': 1 });
      const reasons = exporter.status().map((s) => s.lastError ?? '');
      expect(reasons.join('\n')).toMatch(/THROTTLED.*not sent: held for \d+ s after a 429 with Retry-After/);
      // Halved by the 429, of the new configured 20/s: the throttling seen is kept too.
      const budgets = await exporter.apiMetrics.registry.getSingleMetricAsString(
        'huaweicloud_api_budget_calls_per_second',
      );
      expect(budgets).toMatch(
        /^huaweicloud_api_budget_calls_per_second\{[^}]*operation="ListRegistry"[^}]*\} 10$/m,
      );
    } finally {
      sim.faults.clear();
      await exporter.close();
    }
  });
});

describe('the exporter as a process', () => {
  it('serves over HTTP, reloads on SIGHUP and POST, stops on SIGTERM', async () => {
    writeConfig();
    const signals = new EventEmitter();
    const exporter = new Exporter({ source: { file: configFile }, env: {} });
    let base = '';
    let exited: Promise<number> | undefined;
    const ready = new Promise<void>((resolve) => {
      const exit = serveUntilStopped({
        exporter,
        listenAddress: '127.0.0.1:0',
        telemetryPath: '/metrics',
        maxRequests: 10,
        webConfig: undefined,
        logging,
        signals,
        start: (log) => exporter.start(log),
        stop: () => exporter.close(),
        onReady: (url) => {
          base = url;
          resolve();
        },
      });
      exited = exit;
    });
    await ready;

    const metrics = await fetch(`${base}/metrics`, {
      headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '10' },
    });
    expect(metrics.status).toBe(200);
    const body = await metrics.text();
    expect(body).toContain('huaweicloud_swr_signature_policy_info{');
    expect(body).toContain('huaweicloud_apig_signature_key_info{');
    expectNoSecret(body);
    expect((await fetch(`${base}/-/ready`)).status).toBe(200);
    const landing = await (await fetch(`${base}/`)).text();
    expect(landing).toContain('<td>swr_signing</td>');
    expectNoSecret(landing);

    writeConfig('collectors:\n  apig_signature_keys: { enabled: false }\n');
    signals.emit('SIGHUP');
    await vi.waitFor(async () => {
      expect(await (await fetch(`${base}/metrics`)).text()).not.toContain(
        'huaweicloud_apig_signature_key_info{',
      );
    });

    writeConfig('nonsense: true\n');
    const rejected = await fetch(`${base}/-/reload`, { method: 'POST' });
    expect(rejected.status).toBe(500);
    expect(await rejected.text()).toContain('nonsense: unknown key');
    expect(await (await fetch(`${base}/metrics`)).text()).toContain(
      'huaweicloud_config_last_reload_successful 0\n',
    );

    signals.emit('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${base}/-/healthy`)).rejects.toThrow();
    expect(exporter.isReady()).toBe(false);
  });
});

describe('demo', () => {
  it('starts the simulator and the exporter, prints the URLs and serves metrics of every family', async () => {
    const signals = new EventEmitter();
    let stdout = '';
    let urls: { landingPage: string; metrics: string } | undefined;
    let exited: Promise<number> | undefined;
    const readyOnce = new Promise<void>((resolve) => {
      exited = runDemo({
        listenAddress: '127.0.0.1:0',
        telemetryPath: '/metrics',
        maxRequests: 10,
        logging,
        webConfig: undefined,
        io: { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true }, signals },
        onReady: (u) => {
          urls = u;
          resolve();
        },
      });
    });
    await readyOnce;
    if (urls === undefined) throw new Error('demo did not report its URLs');
    expect(stdout).toContain(`  Landing page: ${urls.landingPage}\n`);
    expect(stdout).toContain(`  Metrics:      ${urls.metrics}\n`);
    const body = await (await fetch(urls.metrics)).text();
    expect(body).toContain('huaweicloud_swr_signature_last_execution_status{');
    expect(body).toContain('huaweicloud_hss_registry_status{');
    expect(body).toContain('huaweicloud_apig_signature_key_info{');
    // Collectors that are off by default are on in the demo.
    expect(body).toContain('huaweicloud_swr_replication_policy_info{');
    expect(body).toContain('huaweicloud_swr_retention_policy_info{');
    expect(body).toMatch(/huaweicloud_collector_success\{collector="swr_signing",region="[a-z0-9-]+"\} 1/);
    expect(await (await fetch(urls.landingPage)).text()).toContain('Huawei Cloud Exporter');
    signals.emit('SIGINT');
    expect(await exited).toBe(0);
  });

  it('watches delegating accounts too with accounts: 2 (SIM_ACCOUNTS=2)', async () => {
    const signals = new EventEmitter();
    let stdout = '';
    let ready: { metrics: string; own: string } | undefined;
    let exited: Promise<number> | undefined;
    await new Promise<void>((resolve) => {
      exited = runDemo({
        listenAddress: '127.0.0.1:0',
        telemetryPath: '/metrics',
        maxRequests: 10,
        logging,
        webConfig: undefined,
        accounts: 2,
        io: { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true }, signals },
        onReady: (u, simulator) => {
          ready = { metrics: u.metrics, own: simulator.world.domainName };
          resolve();
        },
      });
    });
    if (ready === undefined) throw new Error('demo did not report its URLs');
    expect(stdout).toContain(', 2 delegating accounts) at ');
    const body = await (await fetch(ready.metrics)).text();
    for (const account of [ready.own, 'sim-account-1', 'sim-account-2']) {
      expect(body).toMatch(
        new RegExp(
          `huaweicloud_collector_success\\{account="${account}",collector="swr_signing",region="[a-z0-9-]+"\\} 1`,
        ),
      );
    }
    signals.emit('SIGINT');
    expect(await exited).toBe(0);
  });
});
