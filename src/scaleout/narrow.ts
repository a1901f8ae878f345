// From a probe target to what a dedicated engine needs: the region's target cut down to one collector and one
// instance (by the collector's descriptor), and the exporter's settings with every other collector switched
// off. The running config still rules: a collector it switches off, a gateway it does not name or an instance outside its explicit lists is
// refused with a message, exactly as the whole-exporter /metrics would never have read it.

import type { CollectorDescriptor } from '../collectors/descriptor.js';
import { COLLECTOR_NAMES, type CollectorName, collectorDescriptor } from '../collectors/index.js';
import type { CollectorSettings, CollectorSettingsInput, RegionTarget } from '../collectors/types.js';
import { formatProbeTarget, type ProbeTarget, ProbeTargetError } from './target.js';

export interface NarrowedProbe {
  target: RegionTarget;
  settings: CollectorSettingsInput;
}

/** Settings for an engine that runs only `only`. */
export function settingsFor(settings: CollectorSettings, only: CollectorName): CollectorSettingsInput {
  const collectors: CollectorSettingsInput['collectors'] = {};
  for (const name of COLLECTOR_NAMES) {
    collectors[name] = { ...settings.collectors[name], enabled: name === only };
  }
  return { ...settings, collectors };
}

/** Throws ProbeTargetError when the running config would not collect this target. */
export function narrowProbe(
  region: RegionTarget,
  probe: ProbeTarget,
  settings: CollectorSettings,
): NarrowedProbe {
  const refuse = (why: string): never => {
    throw new ProbeTargetError(`target "${formatProbeTarget(probe)}": ${why}`);
  };
  if (!settings.collectors[probe.collector].enabled) {
    refuse(`the ${probe.collector} collector is disabled in the config`);
  }
  const descriptor: CollectorDescriptor = collectorDescriptor(probe.collector);
  // The other collectors are off in the settings: only this one's section matters.
  const sections = descriptor.probe.narrow(region, probe, refuse);
  return {
    // The account stays: a probe's series carry the same `account` label as /metrics gives them.
    target: {
      ...(region.account === undefined ? {} : { account: region.account }),
      region: region.region,
      api: region.api,
      ...sections,
    },
    settings: settingsFor(settings, probe.collector),
  };
}
