// Shared by the engine's background-refresh tests: an engine on the golden estate whose HSS upstream can be
// held at a gate, fake deadline timers moved by hand, and ways to tell a scrape that waited from one that
// answered at once.

import { afterEach, beforeEach, expect, vi } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import type { CollectorSettingsInput, EngineLogger } from '../../src/collectors/types.js';
import { value } from './collectors-exposition.js';
import { deferred, FakeClock, type FakeRegionApi } from './collectors-fake-api.js';
import { goldenNorth } from './collectors-golden-estate.js';

export const BUDGET_SECONDS = 9.5; // a 10 s scrape timeout minus the default 0.5 s offset
export const OTHERS = ['swr_signing', 'swr_registries', 'apig_signature_keys'] as const;
/** Keeps every collector but HSS fresh after its first run, so only HSS refreshes when the clock moves. */
export const LONG_LIVED_OTHERS = Object.fromEntries(OTHERS.map((name) => [name, { ttlSeconds: 3600 }]));

export interface Logged {
  level: string;
  obj: object;
  msg: string;
}

/** Fakes the deadlines' timers and the monotonic clock for each test; closes the engines it made. */
export function useEngineFixture() {
  const engines: Engine[] = [];
  beforeEach(() => {
    // Only timers and performance.now(): the engine's event-loop yields (setImmediate) stay real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(engines.splice(0).map((e) => e.close()));
  });

  return function setup(settings: CollectorSettingsInput = {}) {
    const clock = new FakeClock();
    const api = goldenNorth();
    const logs: Logged[] = [];
    const at = (level: string) => (obj: object, msg: string) => logs.push({ level, obj, msg });
    const logger: EngineLogger = {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
    };
    const engine = new Engine({
      targets: [{ region: 'cn-north-4', api, apig: [{ gateway: 'apig' }, { gateway: 'roma' }] }],
      settings,
      now: clock.now,
      logger,
      apiMetrics: createApiMetricsObserver({ processMetrics: false }),
    });
    engines.push(engine);
    return { clock, api, engine, logs };
  };
}

/** Holds every hss.listRegistries call until released (or its signal aborts), recording the signals. */
export function holdHss(api: FakeRegionApi) {
  const gate = deferred();
  const signals: AbortSignal[] = [];
  api.hook = async (op, _args, signal) => {
    if (op !== 'hss.listRegistries') return;
    if (signal !== undefined) signals.push(signal);
    await Promise.race([
      gate.promise,
      new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve())),
    ]);
  };
  return { gate, signals };
}

/** Lets pending promise chains and immediates run until `check` holds. */
export async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setImmediate(r));
  expect(check()).toBe(true);
}

/**
 * The value of `promise` once it settles while no fake timer moves. A scrape that waits for a run until its
 * deadline can only settle when the fake deadline timer fires, so settling here proves it did not wait.
 */
export async function settledWithoutTime<T>(promise: Promise<T>): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => {
    settled = true;
  });
  for (let i = 0; i < 1000 && !settled; i++) await new Promise((r) => setImmediate(r));
  if (!settled) throw new Error('still waiting: the promise needs time to pass');
  return watched;
}

/** True while `promise` has not settled after the pending work that needs no time has run. */
export async function stillPending(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.finally(() => {
    settled = true;
  });
  for (let i = 0; i < 200 && !settled; i++) await new Promise((r) => setImmediate(r));
  return !settled;
}

export function statusOf(engine: Engine, name: string) {
  return engine.status().find((s) => s.name === name);
}

/** Moves the wall clock and the fake timers together. */
export async function advance(clock: FakeClock, seconds: number): Promise<void> {
  clock.advance(seconds);
  await vi.advanceTimersByTimeAsync(seconds * 1000);
}

/**
 * Starts a scrape, lets every unheld collector finish, then moves time to its deadline. The other collectors
 * must be due only on the first scrape (their status says when that run ended).
 */
export async function scrapeToDeadline(engine: Engine, clock: FakeClock): Promise<string> {
  const scrape = engine.scrape({ timeoutSeconds: 10 });
  await until(() => OTHERS.every((name) => statusOf(engine, name)?.success === true));
  await advance(clock, BUDGET_SECONDS);
  return scrape;
}

export const collectorValue = (text: string, collector: string, name = 'huaweicloud_collector_success') =>
  value(text, name, { collector });

export const hssSuccess = (text: string) => collectorValue(text, 'hss_registries');
