// What a probe adds to the collector's exposition, in the blackbox_exporter's manner: did the probe succeed,
// and how long did it take. No labels: Prometheus attaches the target's own (job, instance, target).

import type { MetricFamily } from '../collectors/catalog.js';
import { assembleExposition, SeriesWriter } from '../collectors/render.js';
import type { CollectorOutcome } from '../collectors/types.js';

export const PROBE_FAMILIES = {
  success: Object.freeze({
    name: 'huaweicloud_probe_success',
    type: 'gauge',
    help: 'Whether the probe collected its target from a successful collector run within the deadline: 1 yes, 0 no.',
    labels: Object.freeze([]),
  }),
  duration: Object.freeze({
    name: 'huaweicloud_probe_duration_seconds',
    type: 'gauge',
    help: 'How long the probe took, including the wait for upstream when the cache was not fresh.',
    labels: Object.freeze([]),
  }),
} as const satisfies Record<string, MetricFamily>;

/**
 * Whether every collector of a probe's scrape succeeded, from the engine's outcomes (ScrapeResult), the values
 * its huaweicloud_collector_success lines are rendered from. No outcome at all means nothing was collected,
 * which is not a success.
 */
export function collectorsSucceeded(outcomes: readonly CollectorOutcome[]): boolean {
  return outcomes.length > 0 && outcomes.every((o) => o.success);
}

export function renderProbeMetrics(success: boolean, durationSeconds: number): string {
  const out = new SeriesWriter();
  out.add(PROBE_FAMILIES.success, [], success ? 1 : 0);
  out.add(PROBE_FAMILIES.duration, [], durationSeconds);
  return assembleExposition(Object.values(PROBE_FAMILIES), [out.finish()]);
}
