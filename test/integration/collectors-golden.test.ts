import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import { FakeClock } from '../unit/collectors-fake-api.js';
import { CANARIES, GOLDEN_SETTINGS, goldenNorth, goldenTargets } from '../unit/collectors-golden-estate.js';

const GOLDEN = new URL('../golden/collectors-exposition.prom', import.meta.url);

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

function goldenEngine(targets = goldenTargets(), processMetrics = false): Engine {
  const engine = new Engine({
    targets,
    settings: GOLDEN_SETTINGS,
    now: new FakeClock().now,
    apiMetrics: createApiMetricsObserver({ version: '0.0.0-golden', revision: 'golden', processMetrics }),
  });
  engines.push(engine);
  return engine;
}

/** The Node.js version is the only machine-dependent value in the exposition. */
const normalise = (text: string) => text.replace(/nodejs="[^"]*"/g, 'nodejs="<node>"');

function promtoolAvailable(): boolean {
  return spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
}

describe('golden exposition', () => {
  it('a fixed estate gives exactly the committed exposition', async () => {
    const text = normalise(await goldenEngine().scrape({ timeoutSeconds: 10 }));
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(dirname(GOLDEN.pathname), { recursive: true });
      writeFileSync(GOLDEN, text);
    }
    expect(existsSync(GOLDEN), 'golden file missing: run with UPDATE_GOLDEN=1 once').toBe(true);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('gives the same exposition whichever order executions are listed in', async () => {
    const newest = await goldenEngine(goldenTargets(goldenNorth('newest-first'))).scrape({});
    const oldest = await goldenEngine(goldenTargets(goldenNorth('oldest-first'))).scrape({});
    expect(oldest).toBe(newest);
    expect(newest).toContain(
      'huaweicloud_swr_signature_last_execution_id{region="cn-north-4",instance_id="ins-a",namespace="ns-web",policy_id="11"} 150',
    );
  });

  it('never exposes a credential that upstream records carried', async () => {
    const text = await goldenEngine().scrape({});
    for (const canary of CANARIES) expect(text).not.toContain(canary);
    expect(text).toContain('url="https://harbor.example.com/v2"');
  });

  it('uses no label named instance or job', async () => {
    const text = await goldenEngine(goldenTargets(), true).scrape({});
    expect(text).not.toMatch(/[{,](instance|job)="/);
  });

  const required = process.env.REQUIRE_PROMETHEUS === '1';
  const available = promtoolAvailable();
  if (!available && !required)
    console.warn(
      'promtool not found: skipping `promtool check metrics` (set REQUIRE_PROMETHEUS=1 to fail instead)',
    );

  it.skipIf(!available && !required)(
    'promtool check metrics finds nothing, process metrics included',
    async () => {
      expect(available, 'promtool is required (REQUIRE_PROMETHEUS=1) but not installed').toBe(true);
      const text = await goldenEngine(goldenTargets(), true).scrape({});
      const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(`${result.stdout}${result.stderr}`).toBe('');
      expect(result.status).toBe(0);
    },
  );
});
