// The `account` label: targets of several accounts may share a region, and every series of an account's
// target — collected and collector status — carries account="<name>" first; without accounts, no line has it.

import { afterEach, describe, expect, it } from 'vitest';
import { withLeadingLabel } from '../../src/collectors/account-label.js';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import { CollectorSettingsError } from '../../src/collectors/settings.js';
import { find } from './collectors-exposition.js';
import { FakeClock } from './collectors-fake-api.js';
import { GOLDEN_SETTINGS, goldenNorth, goldenSouth, goldenTargets } from './collectors-golden-estate.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

function engineFor(targets: ReturnType<typeof goldenTargets>): Engine {
  const clock = new FakeClock();
  const engine = new Engine({
    targets,
    settings: GOLDEN_SETTINGS,
    now: clock.now,
    apiMetrics: createApiMetricsObserver({ processMetrics: false }),
  });
  engines.push(engine);
  return engine;
}

/** The collected part and collector status: the lines of the huaweicloud_* families an engine's targets write. */
function sampleLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('huaweicloud_api_'))
    .filter((line) => !line.startsWith('huaweicloud_exporter_') && !line.startsWith('process_'));
}

describe('account label', () => {
  it('puts the label first, on lines with and without labels, escaping the value once', () => {
    const label = 'account="a\\"b"';
    expect(withLeadingLabel('m{region="x"} 1\nm_total 2\n', label)).toBe(
      'm{account="a\\"b",region="x"} 1\nm_total{account="a\\"b"} 2\n',
    );
  });

  it("labels every series of an account's targets, and keeps accounts apart in one region", async () => {
    const own = goldenTargets(goldenNorth(), goldenSouth());
    const other = goldenTargets(goldenNorth('oldest-first'), goldenSouth());
    const engine = engineFor([
      ...own.map((t) => ({ ...t, account: 'home' })),
      ...other.map((t) => ({ ...t, account: 'unit-a' })),
    ]);
    const text = await engine.scrape({ timeoutSeconds: 30 });
    const lines = sampleLines(text);
    expect(lines.length).toBeGreaterThan(100);
    for (const line of lines) expect(line).toMatch(/^[a-z_:]+\{account="(home|unit-a)",/);
    // The same estate in two accounts: each series twice, once per account, and parseable.
    const successes = find(text, 'huaweicloud_collector_success', { region: 'cn-north-4' });
    expect(successes.map((s) => s.labels.account).sort()).toEqual([
      ...Array(successes.length / 2).fill('home'),
      ...Array(successes.length / 2).fill('unit-a'),
    ]);
    expect(successes.every((s) => s.value === 1)).toBe(true);
    const outcomes = (await engine.scrapeEncoded({ timeoutSeconds: 30 })).outcomes;
    expect(new Set(outcomes.map((o) => o.account))).toEqual(new Set(['home', 'unit-a']));
  });

  it('writes no account label without accounts', async () => {
    const text = await engineFor(goldenTargets()).scrape({ timeoutSeconds: 30 });
    expect(text).not.toContain('account=');
    expect(sampleLines(text).length).toBeGreaterThan(50);
  });

  it('refuses the same region twice in one account, naming it', () => {
    const [north] = goldenTargets();
    if (north === undefined) throw new Error('no golden target');
    expect(() =>
      engineFor([
        { ...north, account: 'a' },
        { ...north, account: 'b' },
      ]),
    ).not.toThrow();
    expect(() =>
      engineFor([
        { ...north, account: 'a' },
        { ...north, account: 'a' },
      ]),
    ).toThrow(
      new CollectorSettingsError(
        'targets[1].region: "cn-north-4" of account "a" appears twice; the account and region labels would not tell the series apart',
      ),
    );
  });
});
