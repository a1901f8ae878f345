// Instances that discovery listed but does not poll (not Running) must not vanish: every listed instance is
// written with its raw status, and those whose sub-resources are skipped are logged (debug, once per run),
// naming the instance and status only.

import type { MetricFamily } from './catalog.js';
import { type InstanceList, isRunning } from './discovery.js';
import type { EngineLogger } from './logger.js';
import type { SeriesWriter } from './render.js';

export interface InstanceStatusTarget {
  family: MetricFamily;
  /** Label values before instance_id, instance_name, status (region, and the gateway where there is one). */
  leading: readonly string[];
  /** What is skipped, for the log line: "signature policies and registries". */
  skipped: string;
}

export function writeInstanceStatuses(
  out: SeriesWriter,
  logger: EngineLogger,
  list: InstanceList,
  target: InstanceStatusTarget,
): void {
  for (const instance of list.listed) {
    out.add(target.family, [...target.leading, instance.id, instance.name, instance.status], 1);
    if (!isRunning(instance.status)) {
      logger.debug(
        { region: target.leading[0], instance_id: instance.id, status: instance.status },
        `instance is not Running: its ${target.skipped} are skipped`,
      );
    }
  }
}
