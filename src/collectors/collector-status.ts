// huaweicloud_collector_* : how each collector answered this scrape. Rendered per scrape (ages move), which
// is cheap: a handful of series per collector and region.

import { seriesWriterFor } from './account-label.js';
import { COLLECTOR_STATUS_FAMILIES as F } from './catalog.js';
import type { UnitReading } from './collector-unit.js';
import { assembleExposition, type RenderedFamilies, SeriesWriter } from './render.js';

export function renderCollectorStatus(readings: readonly UnitReading[]): string {
  const plain = new SeriesWriter();
  // With accounts, each reading's lines carry its account label; families still come out in catalog order.
  const written: RenderedFamilies[] = [];
  for (const r of readings) {
    const out = r.account === undefined ? plain : seriesWriterFor(r.account);
    const labels = [r.name, r.region];
    out.add(F.success, labels, r.success ? 1 : 0);
    if (r.durationSeconds !== undefined) out.add(F.duration, labels, r.durationSeconds);
    if (r.lastSuccessAt !== undefined) out.add(F.lastSuccess, labels, r.lastSuccessAt / 1000);
    if (r.dataAgeSeconds !== undefined) out.add(F.dataAge, labels, r.dataAgeSeconds);
    if (r.seriesOmitted !== undefined) out.add(F.seriesOmitted, labels, r.seriesOmitted);
    if (out !== plain) written.push(out.finish());
  }
  return assembleExposition(Object.values(F), [plain.finish(), ...written]);
}
