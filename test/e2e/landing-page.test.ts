// The landing page in a real browser (Debian's headless chromium) on the exporter against the simulator: it
// renders with the self-refresh, links /metrics, /targets and an example /probe that works, shows every
// collector with human durations, and a screenshot can be taken. UPDATE_SCREENSHOT=1 also writes it to
// docs/landing-page.png (the one in the README); otherwise it goes to a temp dir.

import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTOR_NAMES } from '../../src/collectors/types.js';
import { CHROMIUM, dumpDom, screenshot, skipWithoutChromium } from './support/chromium.js';
import { type ExporterOnSimulator, startExporterOnSimulator } from './support/exporter-on-simulator.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe.skipIf(skipWithoutChromium())(`landing page in headless chromium (${CHROMIUM})`, () => {
  let estate: ExporterOnSimulator;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    estate = await startExporterOnSimulator(20_261_205);
    base = `http://${estate.target}`;
    dir = await mkdtemp(join(tmpdir(), 'e2e-landing-'));
    // One scrape runs every collector, so the page has a row per collector and region.
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
  });

  afterAll(async () => {
    await estate?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('renders the refresh, the links and a row per collector and region with human durations', async () => {
    const dom = await dumpDom(`${base}/`);
    expect(dom).toContain('<meta http-equiv="refresh" content="30">');
    expect(dom).toContain('<a href="/metrics">Metrics</a>');
    expect(dom).toContain('<a href="/targets">Targets</a>');
    const probe = /<a href="(\/probe\?target=[^"]+)">/.exec(dom)?.[1];
    expect(probe).toBeDefined();
    const rows = [...dom.matchAll(/<tr class="ok">(.*?)<\/tr>/g)].map((m) => m[1] ?? '');
    // The e2e config enables every collector.
    expect(rows).toHaveLength(COLLECTOR_NAMES.length * estate.simulator.regions.length);
    for (const row of rows) {
      expect(row).toMatch(/<td title="\d{4}-\d\d-\d\dT[^"]+">[\d.]+ (ms|s|min) ago<\/td>/);
      expect(row).toMatch(/<td>[\d.]+ (ms|s)<\/td><td>ok<\/td>/);
    }
    const probed = await fetch(`${base}${probe}`);
    expect(probed.status).toBe(200);
    expect(await probed.text()).toContain('huaweicloud_probe_success 1');
    expect((await fetch(`${base}/targets`)).status).toBe(200);
  });

  it('takes a screenshot of it', async () => {
    const file = join(dir, 'landing-page.png');
    await screenshot(`${base}/`, file);
    const png = await readFile(file);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.length).toBeGreaterThan(10_000);
    if (process.env.UPDATE_SCREENSHOT === '1') await copyFile(file, 'docs/landing-page.png');
  });
});
