// Turns the configured targets into collector units: one per (collector, region) that is switched on, with
// discovery lookups shared where collectors ask the same question. Targets are checked here so a bad one
// fails at construction with a message naming it, not at the first scrape.

import { ApigSignatureKeysCollector } from './apig-signature-keys.js';
import { CollectorUnit } from './collector-unit.js';
import type { WorkLimiter } from './concurrency.js';
import { gatewayInstanceDiscovery, type InstanceLookup, swrInstanceDiscovery } from './discovery.js';
import { HssRegistriesCollector } from './hss-registries.js';
import { CollectorSettingsError } from './settings.js';
import { SwrRegistriesCollector } from './swr-registries.js';
import { SwrSigningCollector } from './swr-signing.js';
import type { CollectorDeps, CollectorSettings, EngineLogger, RegionTarget } from './types.js';

export interface Shared {
  limiter: WorkLimiter;
  logger: EngineLogger;
  now: () => number;
}

export interface BuiltUnits {
  units: CollectorUnit[];
  lookups: InstanceLookup[];
}

function fail(message: string): never {
  throw new CollectorSettingsError(message);
}

function checkIds(where: string, ids: readonly unknown[] | undefined, check: (id: unknown) => boolean): void {
  ids?.forEach((id, i) => {
    if (!check(id)) fail(`${where}[${i}]: invalid value ${JSON.stringify(id) ?? String(id)}`);
  });
}

const nonEmptyString = (v: unknown) => typeof v === 'string' && v.trim().length > 0;
const nonNegativeInteger = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

export function validateTargets(targets: readonly RegionTarget[]): void {
  const regions = new Set<string>();
  targets.forEach((target, t) => {
    const where = `targets[${t}]`;
    if (!nonEmptyString(target.region)) fail(`${where}.region: must be a non-empty string`);
    if (regions.has(target.region)) {
      fail(
        `${where}.region: "${target.region}" appears twice; the region label would not tell the series apart`,
      );
    }
    regions.add(target.region);
    if (typeof target.api !== 'object' || target.api === null) fail(`${where}.api: a RegionApi is required`);
    checkIds(`${where}.swr.instances`, target.swr?.instances, nonEmptyString);
    checkIds(
      `${where}.swr.policies`,
      target.swr?.policies,
      (p) =>
        nonEmptyString((p as { instanceId?: unknown }).instanceId) &&
        nonNegativeInteger((p as { policyId?: unknown }).policyId),
    );
    checkIds(
      `${where}.swr.registries`,
      target.swr?.registries,
      (r) =>
        nonEmptyString((r as { instanceId?: unknown }).instanceId) &&
        nonNegativeInteger((r as { registryId?: unknown }).registryId),
    );
    const gateways = new Set<string>();
    target.apig?.forEach((g, i) => {
      if (g.gateway !== 'apig' && g.gateway !== 'roma')
        fail(`${where}.apig[${i}].gateway: must be "apig" or "roma"`);
      if (gateways.has(g.gateway)) fail(`${where}.apig[${i}].gateway: "${g.gateway}" is listed twice`);
      gateways.add(g.gateway);
      checkIds(`${where}.apig[${i}].instances`, g.instances, nonEmptyString);
    });
  });
}

export function buildUnits(target: RegionTarget, settings: CollectorSettings, shared: Shared): BuiltUnits {
  const { collectors } = settings;
  const ttlMs = settings.discoveryTtlSeconds * 1000;
  const deps: CollectorDeps = {
    region: target.region,
    api: target.api,
    workers: settings.workerLimit,
    ...shared,
  };
  const units: CollectorUnit[] = [];
  const lookups: InstanceLookup[] = [];
  const run = {
    refreshTimeoutSeconds: settings.refreshTimeoutSeconds,
    // A run still going a whole scrape budget past its own deadline ignores its signal: leave it behind.
    abandonAfterMs: (settings.refreshTimeoutSeconds + settings.maxTimeoutSeconds) * 1000,
  };
  const unit = (collector: ConstructorParameters<typeof CollectorUnit>[0]) =>
    units.push(new CollectorUnit(collector, collectors[collector.name], shared.now, shared.logger, run));
  const lookup = (created: InstanceLookup) => {
    lookups.push(created);
    return created;
  };

  const swr = target.swr ?? {};
  if (swr.enabled ?? true) {
    const instances = lookup(swrInstanceDiscovery(target.api, swr.instances, ttlMs, shared.now));
    if (collectors.swr_signing.enabled) {
      // Named policies say which instances to ask; no need to discover the others.
      const signingInstances =
        swr.policies === undefined
          ? instances
          : lookup(
              swrInstanceDiscovery(
                target.api,
                swr.policies.map((p) => p.instanceId),
                ttlMs,
                shared.now,
              ),
            );
      unit(
        new SwrSigningCollector(deps, signingInstances, swr, settings.swrSigning, swr.policies === undefined),
      );
    }
    // Instance statuses come from the collector that reads the shared discovery list, signing first.
    const signingReports = collectors.swr_signing.enabled && swr.policies === undefined;
    if (collectors.swr_registries.enabled) {
      unit(new SwrRegistriesCollector(deps, instances, swr, !signingReports));
    }
  }

  const hss = target.hss ?? {};
  if ((hss.enabled ?? true) && collectors.hss_registries.enabled) unit(new HssRegistriesCollector(deps, hss));

  const gateways = target.apig ?? [{ gateway: 'apig' }];
  if (gateways.length > 0 && collectors.apig_signature_keys.enabled) {
    const sources = gateways.map((g) => ({
      gateway: g.gateway,
      instances: lookup(gatewayInstanceDiscovery(target.api, g.gateway, g.instances, ttlMs, shared.now)),
    }));
    unit(new ApigSignatureKeysCollector(deps, sources));
  }
  return { units, lookups };
}
