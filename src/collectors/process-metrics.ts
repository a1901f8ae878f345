// The standard process_* and nodejs_* metrics: prom-client's defaults, except two adjustments made here.

import { collectDefaultMetrics, type Registry } from 'prom-client';
import { EVENT_LOOP_LAG_METRICS, type EventLoopLagOptions, registerEventLoopLag } from './event-loop-lag.js';

/**
 * Gauges named *_total break the naming rules (`promtool check metrics`); the per-type
 * nodejs_active_{handles,requests,resources} gauges carry the same information.
 */
const NON_COUNTER_TOTALS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
] as const;

/** prom-client's own event-loop monitor is replaced; at this precision its timer wakes once a day. */
const IDLE_PRECISION_MS = 24 * 3600 * 1000;

export function registerProcessMetrics(registry: Registry, options: EventLoopLagOptions = {}): void {
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: IDLE_PRECISION_MS });
  for (const name of NON_COUNTER_TOTALS) registry.removeSingleMetric(name);
  // Same names and meaning, summarised at most once a second instead of on every scrape (event-loop-lag.ts).
  for (const name of EVENT_LOOP_LAG_METRICS) registry.removeSingleMetric(name);
  registerEventLoopLag(registry, options);
}
