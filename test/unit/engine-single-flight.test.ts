import { afterEach, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import { SingleFlight } from '../../src/runtime/single-flight.js';
import { value } from './collectors-exposition.js';
import { deferred, FakeClock, type FakeRegionApi } from './collectors-fake-api.js';
import { goldenNorth } from './collectors-golden-estate.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

function engineFor(api: FakeRegionApi, clock = new FakeClock()): Engine {
  const engine = new Engine({
    targets: [{ region: 'cn-north-4', api, apig: [{ gateway: 'apig' }, { gateway: 'roma' }] }],
    now: clock.now,
    apiMetrics: createApiMetricsObserver({ processMetrics: false }),
  });
  engines.push(engine);
  return engine;
}

/** Lets pending promise chains and immediates run until `check` holds. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setImmediate(r));
  expect(check()).toBe(true);
}

describe('single-flight scrapes', () => {
  it('N concurrent scrapes cost one set of upstream calls and get the same snapshot', async () => {
    const solo = goldenNorth();
    await engineFor(solo).scrape({});
    const oneSet = solo.calls.length;
    expect(oneSet).toBeGreaterThan(10);

    const api = goldenNorth();
    const gate = deferred();
    api.hook = () => gate.promise;
    const engine = engineFor(api);
    const scrapes = Array.from({ length: 8 }, () => engine.scrape({ timeoutSeconds: 10 }));
    await until(() => api.calls.length > 0);
    // Change the estate while the run is held: all scrapes still see one snapshot.
    api.estate.hssRegistries = [];
    gate.release();
    const texts = await Promise.all(scrapes);
    expect(new Set(texts).size).toBe(1);
    expect(api.calls.length).toBe(oneSet);
  });

  it('a scrape after the TTL starts one new run shared by its concurrent peers', async () => {
    const clock = new FakeClock();
    const api = goldenNorth();
    const engine = engineFor(api, clock);
    await engine.scrape({});
    const first = api.calls.length;
    await Promise.all([engine.scrape({}), engine.scrape({})]);
    expect(api.calls.length).toBe(first); // all collectors fresh: nothing asked

    clock.advance(31); // only swr_signing (TTL 30 s) is due
    await Promise.all(Array.from({ length: 5 }, () => engine.scrape({})));
    const second = api.calls.slice(first);
    expect(second.length).toBeGreaterThan(0);
    expect(new Set(second.map((c) => c.op))).toEqual(
      new Set(['swr.listSignPolicies', 'swr.listSignExecutionsPage', 'swr.listSignExecutionTasks']),
    );
    // 4 policies, 1 execution page each except the 150-execution one (2): one run, not five.
    expect(second.filter((c) => c.op === 'swr.listSignExecutionsPage')).toHaveLength(5);
  });

  it('a scrape that gives up does not cancel the run another scrape still waits for', async () => {
    const api = goldenNorth();
    const gate = deferred();
    let sawAbort = false;
    api.hook = async (op, _args, signal) => {
      if (op !== 'hss.listRegistries') return;
      signal?.addEventListener('abort', () => {
        sawAbort = true;
      });
      await gate.promise;
    };
    const engine = engineFor(api);
    const patient = engine.scrape({ timeoutSeconds: 30 });
    const hasty = await engine.scrape({ timeoutSeconds: 0.6 }); // 0.1 s after the offset
    expect(value(hasty, 'huaweicloud_collector_success', { collector: 'hss_registries' })).toBe(0);
    expect(value(hasty, 'huaweicloud_collector_success', { collector: 'swr_signing' })).toBe(1);
    gate.release();
    const text = await patient;
    expect(value(text, 'huaweicloud_collector_success', { collector: 'hss_registries' })).toBe(1);
    expect(value(text, 'huaweicloud_hss_registries', { region: 'cn-north-4' })).toBe(4);
    expect(sawAbort).toBe(false);
    expect(api.count('hss.listRegistries')).toBe(1);
  });
});

describe('SingleFlight', () => {
  it('without a run timeout, aborts the run when its last waiter leaves, with that waiter’s reason', async () => {
    const flight = new SingleFlight<string>();
    let runSignal: AbortSignal | undefined;
    const a = new AbortController();
    const b = new AbortController();
    const start = (signal: AbortSignal) => {
      runSignal = signal;
      return new Promise<string>(() => {});
    };
    const first = flight.do(start, a.signal);
    const second = flight.do(start, b.signal);
    a.abort(new Error('a left'));
    await expect(first).rejects.toThrow('a left');
    await until(() => runSignal !== undefined);
    expect(runSignal?.aborted).toBe(false);
    b.abort(new Error('b left'));
    await expect(second).rejects.toThrow('b left');
    expect(runSignal?.aborted).toBe(true);
    expect(runSignal?.reason).toEqual(new Error('b left'));
  });

  it('with a run timeout, callers that leave never abort the run: later ones join it until its deadline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const flight = new SingleFlight<string>({
        runTimeout: { ms: 1000, reason: () => new Error('run took too long') },
      });
      let runs = 0;
      let runSignal: AbortSignal | undefined;
      const start = (signal: AbortSignal) => {
        runs++;
        runSignal = signal;
        return new Promise<string>((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason));
        });
      };
      const hasty = new AbortController();
      const first = flight.do(start, hasty.signal);
      hasty.abort(new Error('scrape deadline'));
      await expect(first).rejects.toThrow('scrape deadline');
      await until(() => runSignal !== undefined);
      expect(runSignal?.aborted).toBe(false);
      expect(flight.inFlight).toBe(true);

      const later = flight.do(start, new AbortController().signal).catch((error: unknown) => error);
      expect(runs).toBe(1);
      await vi.advanceTimersByTimeAsync(1000);
      expect(await later).toEqual(new Error('run took too long'));
      expect(runSignal?.reason).toEqual(new Error('run took too long'));
      expect(flight.inFlight).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts a new run once the previous one settled, and passes errors to every waiter', async () => {
    const flight = new SingleFlight<number>();
    const never = new AbortController().signal;
    let runs = 0;
    const failing = () => {
      runs++;
      return Promise.reject(new Error('upstream down'));
    };
    const results = await Promise.allSettled([flight.do(failing, never), flight.do(failing, never)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(runs).toBe(1);
    expect(flight.inFlight).toBe(false);
    await expect(flight.do(() => Promise.resolve(7), never)).resolves.toBe(7);
    expect(runs).toBe(1);
  });
});
