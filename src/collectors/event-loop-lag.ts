// nodejs_eventloop_lag_*: the figures prom-client's default metrics publish, from the same kind of monitor
// (perf_hooks' monitorEventLoopDelay at 10 ms resolution), but summarised at most once a second. Each figure
// but min and max walks the monitor's HDR histogram (about 13,000 buckets up to a 10 ms delay); prom-client
// reads six such figures on every scrape, ~0.2 ms of CPU, which was most of the fixed cost of serving /metrics.
// A window shorter than a second holds under 100 samples, so its p99 meant little anyway; and as before, every
// scraper of the process shares the one window (each summary resets it).

import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';

/** A summary is reused by reads closer together than this. */
export const LAG_SUMMARY_MIN_INTERVAL_MS = 1000;
const RESOLUTION_MS = 10;
const NS_PER_SECOND = 1e9;
const WINDOW =
  'Over the time since the previous summary; summarised at most once a second (scrapes closer together see the same figures).';

export const EVENT_LOOP_LAG_METRICS = [
  'nodejs_eventloop_lag_seconds',
  'nodejs_eventloop_lag_min_seconds',
  'nodejs_eventloop_lag_max_seconds',
  'nodejs_eventloop_lag_mean_seconds',
  'nodejs_eventloop_lag_stddev_seconds',
  'nodejs_eventloop_lag_p50_seconds',
  'nodejs_eventloop_lag_p90_seconds',
  'nodejs_eventloop_lag_p99_seconds',
] as const;

export interface EventLoopLagOptions {
  /** Milliseconds on a monotonic clock; tests pass their own to step past the summary interval. */
  now?: (() => number) | undefined;
}

type Figure = (h: IntervalHistogram) => number;
const FIGURES: ReadonlyArray<readonly [name: string, help: string, read: Figure]> = [
  ['nodejs_eventloop_lag_min_seconds', 'The minimum recorded event loop delay.', (h) => h.min],
  ['nodejs_eventloop_lag_max_seconds', 'The maximum recorded event loop delay.', (h) => h.max],
  ['nodejs_eventloop_lag_mean_seconds', 'The mean of the recorded event loop delays.', (h) => h.mean],
  [
    'nodejs_eventloop_lag_stddev_seconds',
    'The standard deviation of the recorded event loop delays.',
    (h) => h.stddev,
  ],
  [
    'nodejs_eventloop_lag_p50_seconds',
    'The 50th percentile of the recorded event loop delays.',
    (h) => h.percentile(50),
  ],
  [
    'nodejs_eventloop_lag_p90_seconds',
    'The 90th percentile of the recorded event loop delays.',
    (h) => h.percentile(90),
  ],
  [
    'nodejs_eventloop_lag_p99_seconds',
    'The 99th percentile of the recorded event loop delays.',
    (h) => h.percentile(99),
  ],
];

/** Registers the eight nodejs_eventloop_lag_* gauges; their monitor runs for the life of the process. */
export function registerEventLoopLag(registry: Registry, options: EventLoopLagOptions = {}): void {
  const now = options.now ?? (() => performance.now());
  const monitor = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  monitor.enable();
  let summarisedAt: number | undefined;

  const lag: Gauge = new Gauge({
    name: 'nodejs_eventloop_lag_seconds',
    help: `Lag of event loop in seconds: how late a setImmediate callback ran, measured at the previous summary. ${WINDOW}`,
    registers: [registry],
    // The first gauge's collect sets all eight, as in prom-client: the registry reads them in this order.
    collect() {
      const at = now();
      if (summarisedAt !== undefined && at - summarisedAt < LAG_SUMMARY_MIN_INTERVAL_MS) return;
      summarisedAt = at;
      const started = process.hrtime.bigint();
      setImmediate(() => lag.set(Number(process.hrtime.bigint() - started) / NS_PER_SECOND));
      // Nothing recorded since the last summary (an empty histogram reads min 2^63, mean NaN): keep its figures.
      if (monitor.count === 0) return;
      for (const [gauge, read] of figures) gauge.set(read(monitor) / NS_PER_SECOND);
      monitor.reset();
    },
  });
  const figures = FIGURES.map(
    ([name, help, read]) =>
      [new Gauge({ name, help: `${help} ${WINDOW}`, registers: [registry] }), read] as const,
  );
}
