// huaweicloud_collector_* : how each collector answered this scrape. Rendered per scrape (ages move), which
// is cheap: a handful of series per collector and region.

import { COLLECTOR_STATUS_FAMILIES as F } from './catalog.js';
import type { UnitReading } from './collector-unit.js';
import { assembleExposition, SeriesWriter } from './render.js';

export function renderCollectorStatus(readings: readonly UnitReading[]): string {
  const out = new SeriesWriter();
  for (const r of readings) {
    const labels = [r.name, r.region];
    out.add(F.success, labels, r.success ? 1 : 0);
    if (r.durationSeconds !== undefined) out.add(F.duration, labels, r.durationSeconds);
    if (r.lastSuccessAt !== undefined) out.add(F.lastSuccess, labels, r.lastSuccessAt / 1000);
    if (r.dataAgeSeconds !== undefined) out.add(F.dataAge, labels, r.dataAgeSeconds);
    if (r.seriesOmitted !== undefined) out.add(F.seriesOmitted, labels, r.seriesOmitted);
  }
  return assembleExposition(Object.values(F), [out.finish()]);
}
