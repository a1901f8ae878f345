// From a probe target to what a dedicated engine needs: the region's target cut down to one collector and one
// instance, and the exporter's settings with every other collector switched off. The running config still
// rules: a collector it switches off, a gateway it does not name or an instance outside its explicit lists is
// refused with a message, exactly as the whole-exporter /metrics would never have read it.

import type {
  ApigTargetOptions,
  CollectorName,
  CollectorSettings,
  CollectorSettingsInput,
  RegionTarget,
  SwrTargetOptions,
} from '../collectors/types.js';
import { COLLECTOR_NAMES } from '../collectors/types.js';
import { formatProbeTarget, type ProbeTarget, ProbeTargetError } from './target.js';

export interface NarrowedProbe {
  target: RegionTarget;
  settings: CollectorSettingsInput;
}

/** The gateways a region reads signature keys from (the engine's default when the target says nothing). */
export function gatewaysOf(region: RegionTarget): readonly ApigTargetOptions[] {
  return region.apig ?? [{ gateway: 'apig' }];
}

/** Instances the swr_signing collector polls when the config names its policies (else: discovery). */
export function signingInstancesOf(swr: SwrTargetOptions): readonly string[] | undefined {
  return swr.policies === undefined ? undefined : unique(swr.policies.map((p) => p.instanceId));
}

/** Instances the swr_registries collector reads when the config names its registries (else: discovery). */
export function registryInstancesOf(swr: SwrTargetOptions): readonly string[] | undefined {
  return swr.registries === undefined ? undefined : unique(swr.registries.map((r) => r.instanceId));
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
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
  const off = { swr: { enabled: false }, hss: { enabled: false }, apig: [] };
  const base = { ...off, region: region.region, api: region.api };

  if (probe.collector === 'hss_registries') {
    if (region.hss?.enabled === false) refuse(`HSS is disabled for region ${region.region} in the config`);
    return { target: { ...base, hss: { ...region.hss } }, settings: settingsFor(settings, probe.collector) };
  }

  if (probe.collector === 'apig_signature_keys') {
    const gateways = gatewaysOf(region);
    const gateway = gateways.find((g) => g.gateway === probe.gateway);
    if (gateway === undefined) {
      const configured = gateways.map((g) => g.gateway).join(', ') || 'none';
      refuse(
        `gateway ${probe.gateway} is not configured for region ${region.region} (configured: ${configured})`,
      );
    }
    if (gateway?.instances !== undefined && !gateway.instances.includes(probe.instanceId)) {
      refuse(
        `instance ${probe.instanceId} is not one of the ${probe.gateway} instances configured for ${region.region}`,
      );
    }
    return {
      target: { ...base, apig: [{ gateway: probe.gateway, instances: [probe.instanceId] }] },
      settings: settingsFor(settings, probe.collector),
    };
  }

  const swr = region.swr ?? {};
  if (swr.enabled === false) refuse(`SWR is disabled for region ${region.region} in the config`);
  if (swr.instances !== undefined && !swr.instances.includes(probe.instanceId)) {
    refuse(`instance ${probe.instanceId} is not one of the swr.instances configured for ${region.region}`);
  }
  const narrowed: SwrTargetOptions = { enabled: true, instances: [probe.instanceId] };
  const onInstance = <T extends { instanceId: string }>(items: readonly T[] | undefined, what: string) => {
    if (items === undefined) return undefined;
    const mine = items.filter((item) => item.instanceId === probe.instanceId);
    if (mine.length === 0) refuse(`the config lists swr.${what} but none on instance ${probe.instanceId}`);
    return mine;
  };
  if (probe.collector === 'swr_signing') {
    const policies = onInstance(swr.policies, 'policies');
    if (policies !== undefined) narrowed.policies = policies;
  } else {
    const registries = onInstance(swr.registries, 'registries');
    if (registries !== undefined) narrowed.registries = registries;
  }
  return { target: { ...base, swr: narrowed }, settings: settingsFor(settings, probe.collector) };
}
