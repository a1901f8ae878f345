// The landing page's own behaviour: it reloads itself, shows durations in human units, and links the
// metrics, the targets and a probe that exists on this exporter.

import { describe, expect, it } from 'vitest';
import { humanDuration, LANDING_REFRESH_SECONDS, renderLandingPage } from '../../src/server/landing.js';

describe('humanDuration', () => {
  it.each([
    [0.35, '350 ms'],
    [1.25, '1.25 s'],
    [12.34, '12.3 s'],
    [60, '1 min'],
    [252, '4 min 12 s'],
    [11_100, '3 h 5 min'],
    [187_200, '2 d 4 h'],
    [-1, '—'],
    [Number.NaN, '—'],
  ])('%s s → %s', (seconds, text) => {
    expect(humanDuration(seconds)).toBe(text);
  });
});

describe('landing page', () => {
  const page = (now: Date, name: 'hss_registries' | 'swr_signing' = 'hss_registries') =>
    renderLandingPage({
      version: '1.0.0',
      telemetryPath: '/metrics',
      ready: true,
      configDump: 'regions: []\n',
      redact: (text) => text,
      now,
      statuses: [
        {
          name,
          region: 'ap-southeast-1',
          lastRunAt: new Date('2026-12-05T10:00:00Z'),
          durationSeconds: 0.42,
          success: true,
          lastError: null,
          dataAgeSeconds: 95,
        },
      ],
    });

  it('reloads itself and says how often', () => {
    const html = page(new Date('2026-12-05T10:04:12Z'));
    expect(html).toContain(`<meta http-equiv="refresh" content="${LANDING_REFRESH_SECONDS}">`);
    expect(html).toContain(`reloads every ${LANDING_REFRESH_SECONDS} s`);
  });

  it('shows when the last run was, how long it took and the data age in human units', () => {
    const html = page(new Date('2026-12-05T10:04:12Z'));
    expect(html).toContain('<td title="2026-12-05T10:00:00.000Z">4 min 12 s ago</td><td>420 ms</td>');
    expect(html).toContain('<td>ok</td><td>1 min 35 s</td>');
  });

  it('links /metrics, /targets and a probe of a configured region', () => {
    const html = page(new Date('2026-12-05T10:04:12Z'));
    expect(html).toContain('<a href="/metrics">Metrics</a>');
    expect(html).toContain('<a href="/targets">Targets</a>');
    expect(html).toContain('<a href="/probe?target=ap-southeast-1/hss_registries">');
  });

  it('leaves the example probe out when no region runs the HSS collector (/probe would answer 400)', () => {
    const html = page(new Date('2026-12-05T10:04:12Z'), 'swr_signing');
    expect(html).toContain('<a href="/targets">Targets</a>');
    expect(html).not.toContain('/probe?target=');
  });
});
