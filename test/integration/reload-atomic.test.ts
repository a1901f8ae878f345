// Reload is all-or-nothing (issue 23, issue 20): config file and web config are read and checked before either
// is applied; when one is bad, neither changes, and huaweicloud_config_last_reload_successful says 0 — through
// POST /-/reload and SIGHUP alike. A good pair applies both and sets it to 1 with a new timestamp.
// A SIGHUP's reload is awaited through its log line (a latch), never by reloading again from the test: that
// would set the gauge itself.

import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Exporter } from '../../src/exporter.js';
import { serveUntilStopped } from '../../src/server/lifecycle.js';
import { loadWebConfig } from '../../src/server/web-config.js';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';

let sim: SimulatorHandle;
let dir: string;
/** Error lines the exporter logged; `logged(text)` resolves once one containing `text` has arrived. */
const errorLines: string[] = [];
const waiting: Array<{ text: string; from: number; resolve: () => void }> = [];
const quiet = {
  level: 'error',
  format: 'json',
  destination: {
    write: (line: string) => {
      errorLines.push(line);
      for (const w of waiting.splice(0)) {
        if (errorLines.slice(w.from).some((l) => l.includes(w.text))) w.resolve();
        else waiting.push(w);
      }
      return true;
    },
  },
} as const;
/** Resolves at the next error line containing `text` (counted from now). */
function logged(text: string): Promise<void> {
  return new Promise((resolve) => waiting.push({ text, from: errorLines.length, resolve }));
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, scale: { regions: 1 } });
  dir = mkdtempSync(join(tmpdir(), 'hwc-reload-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const configFile = () => join(dir, 'config.yml');
const webFile = () => join(dir, 'web.yml');

function writeConfig(hssEnabled: boolean | 'invalid'): void {
  const { swr, hss, apig, roma, iam } = sim.endpoints;
  const region = sim.regions[0] as { name: string; projectId: string };
  writeFileSync(
    configFile(),
    stringify({
      regions: [
        { name: region.name, project_id: region.projectId, endpoints: { swr, hss, apig, roma, iam } },
      ],
      collectors: { hss_registries: { enabled: hssEnabled === 'invalid' ? 'maybe' : hssEnabled } },
    }),
  );
}

function writeWeb(user: string | 'invalid'): void {
  writeFileSync(
    webFile(),
    user === 'invalid'
      ? 'basic_auth_users: [nope]\n'
      : stringify({ basic_auth_users: { [user]: bcrypt.hashSync(`${user}-pw`, 4) } }),
  );
}

const as = (user: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${user}-pw`).toString('base64')}`,
});

describe('reload is all-or-nothing', () => {
  it('a bad web config keeps the new config out, a bad config keeps the new web config out', async () => {
    writeConfig(true);
    writeWeb('alice');
    const exporter = new Exporter({
      source: { file: configFile() },
      env: { HUAWEICLOUD_SDK_AK: sim.credentials.ak, HUAWEICLOUD_SDK_SK: sim.credentials.sk },
    });
    const webConfig = await loadWebConfig(webFile()); // as the CLI does at start
    const signals = new EventEmitter();
    let base = '';
    let exit: Promise<number> = Promise.resolve(-1);
    const ready = new Promise<void>((resolve) => {
      exit = serveUntilStopped({
        exporter,
        listenAddress: '127.0.0.1:0',
        telemetryPath: '/metrics',
        maxRequests: 0,
        webConfig,
        webConfigFile: webFile(),
        logging: quiet,
        signals,
        start: async (log) => {
          await exporter.start(log);
        },
        stop: () => exporter.close(),
        onReady: (url) => {
          base = url;
          resolve();
        },
      });
    });
    const scrape = async (user: string) => {
      const res = await fetch(`${base}/metrics`, { headers: as(user) });
      return { status: res.status, body: await res.text() };
    };
    const reloadGauges = (body: string) => ({
      ok: /^huaweicloud_config_last_reload_successful (\d)$/m.exec(body)?.[1],
      at: Number(/^huaweicloud_config_last_reload_success_timestamp_seconds (\S+)$/m.exec(body)?.[1]),
    });
    const post = (user: string) => fetch(`${base}/-/reload`, { method: 'POST', headers: as(user) });
    try {
      await ready;
      const first = await scrape('alice');
      expect(first.body).toContain('huaweicloud_hss_registry_info{');
      const started = reloadGauges(first.body);
      expect(started.ok).toBe('1');

      // Good config (HSS off), bad web config: neither is applied.
      writeConfig(false);
      writeWeb('invalid');
      const rejected = await post('alice');
      expect(rejected.status).toBe(500);
      expect(await rejected.text()).toContain('reload rejected, nothing applied');
      const afterWebBad = await scrape('alice');
      expect(afterWebBad.status).toBe(200);
      expect(afterWebBad.body).toContain('huaweicloud_hss_registry_info{'); // the config was not applied
      expect(reloadGauges(afterWebBad.body)).toEqual({ ok: '0', at: started.at });

      // Both good: both applied, gauge 1 with a newer timestamp.
      writeConfig(false);
      writeWeb('bob');
      expect((await post('alice')).status).toBe(200);
      expect((await scrape('alice')).status).toBe(401);
      const applied = await scrape('bob');
      expect(applied.body).not.toContain('huaweicloud_hss_registry_info{');
      const gauges = reloadGauges(applied.body);
      expect(gauges.ok).toBe('1');
      expect(gauges.at).toBeGreaterThan(started.at);

      // Bad config, good web config (a new user), by SIGHUP: neither is applied, the gauge goes to 0.
      writeConfig('invalid');
      writeWeb('carol');
      let rejectedNow = logged('reload rejected, nothing applied');
      signals.emit('SIGHUP');
      await rejectedNow;
      expect((await scrape('carol')).status).toBe(401);
      expect(reloadGauges((await scrape('bob')).body)).toEqual({ ok: '0', at: gauges.at });

      // Back to good by SIGHUP: gauge 1 again; then a bad web config by SIGHUP: the config is not applied.
      writeConfig(true);
      writeWeb('bob');
      signals.emit('SIGHUP');
      expect((await post('bob')).status).toBe(200); // queued behind the SIGHUP's reload, both good
      const restored = await scrape('bob');
      expect(restored.body).toContain('huaweicloud_hss_registry_info{');
      const good = reloadGauges(restored.body);
      expect(good.ok).toBe('1');
      expect(good.at).toBeGreaterThan(gauges.at);
      writeConfig(false);
      writeWeb('invalid');
      rejectedNow = logged('reload rejected, nothing applied');
      signals.emit('SIGHUP');
      await rejectedNow;
      const afterHupWebBad = await scrape('bob');
      expect(afterHupWebBad.status).toBe(200); // bob still the user: the web config was not applied
      expect(afterHupWebBad.body).toContain('huaweicloud_hss_registry_info{'); // nor the config
      expect(reloadGauges(afterHupWebBad.body)).toEqual({ ok: '0', at: good.at });
    } finally {
      signals.emit('SIGTERM');
      expect(await exit).toBe(0);
    }
  });
});
