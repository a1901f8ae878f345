import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { EVENT_LOOP_LAG_METRICS, registerEventLoopLag } from '../../src/collectors/event-loop-lag.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import { parseExposition } from './collectors-exposition.js';

const FIGURES = ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'] as const;
type Figures = Record<(typeof FIGURES)[number], number>;

async function figures(registry: Registry): Promise<Figures> {
  const samples = parseExposition(await registry.metrics());
  const read = (f: string) => samples.find((s) => s.name === `nodejs_eventloop_lag_${f}_seconds`)?.value;
  return Object.fromEntries(FIGURES.map((f) => [f, read(f)])) as Figures;
}

/** Lets the monitor's timer run a few times. */
const ticks = () => new Promise((resolve) => setTimeout(resolve, 50));

/** Holds the event loop: the monitor's next sample is at least this late. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose
  }
}

describe('event-loop lag metrics', () => {
  it('are the eight nodejs_eventloop_lag_* gauges, once each, in the default registry', async () => {
    const text = await createApiMetricsObserver().render();
    for (const name of EVENT_LOOP_LAG_METRICS) {
      expect(text.split('\n').filter((l) => l === `# TYPE ${name} gauge`)).toHaveLength(1);
      expect(parseExposition(text).filter((s) => s.name === name)).toHaveLength(1);
    }
  });

  it('summarise the delays recorded since the previous summary, at most once a second', async () => {
    const registry = new Registry();
    let now = 0;
    registerEventLoopLag(registry, { now: () => now });
    await ticks();
    const first = await figures(registry);
    expect(first.min).toBeGreaterThan(0);
    expect(first.min).toBeLessThanOrEqual(first.p50);
    expect(first.p50).toBeLessThanOrEqual(first.p90);
    expect(first.p90).toBeLessThanOrEqual(first.p99);
    expect(first.p99).toBeLessThanOrEqual(first.max);
    expect(Number.isFinite(first.mean) && Number.isFinite(first.stddev)).toBe(true);

    // A summary resets the monitor, whose next sample only restarts its clock: let it, then hold the loop.
    await ticks();
    block(60);
    await ticks();
    now = 999;
    expect(await figures(registry)).toEqual(first);

    now = 1000;
    const second = await figures(registry);
    expect(second.max).toBeGreaterThanOrEqual(0.06);
  });

  it('keep the previous figures when nothing was recorded since (not an empty histogram: min 2^63 s, mean NaN)', async () => {
    const registry = new Registry();
    let now = 0;
    registerEventLoopLag(registry, { now: () => now });
    await ticks();
    const first = await figures(registry);
    now = 5000;
    // No timer phase between the two reads: the monitor recorded nothing.
    expect(await figures(registry)).toEqual(first);
  });

  it('report how late a setImmediate ran at the previous summary', async () => {
    const registry = new Registry();
    registerEventLoopLag(registry, { now: () => 0 });
    await registry.metrics();
    await new Promise((resolve) => setImmediate(resolve));
    const lag = parseExposition(await registry.metrics()).find(
      (s) => s.name === 'nodejs_eventloop_lag_seconds',
    );
    expect(lag?.value).toBeGreaterThan(0);
  });
});
