// Turns the configured targets into collector units: one per (collector, region) that is switched on, built
// by each descriptor in list order, with discovery lookups shared where collectors ask the same question (by
// key). Targets are checked here so a bad one fails at construction with a message naming it, not at the
// first scrape.

import { CollectorUnit } from './collector-unit.js';
import type { WorkLimiter } from './concurrency.js';
import type { CollectorDeps, RegionTarget } from './contract.js';
import type { CollectorDescriptor } from './descriptor.js';
import type { InstanceLookup } from './discovery.js';
import { COLLECTORS, type CollectorName } from './index.js';
import type { EngineLogger } from './logger.js';
import { CollectorSettingsError } from './settings.js';
import type { CollectorSettings } from './types.js';

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
    if (target.account !== undefined && !nonEmptyString(target.account)) {
      fail(`${where}.account: must be a non-empty string when given`);
    }
    const key = JSON.stringify([target.account ?? null, target.region]);
    if (regions.has(key)) {
      const of = target.account === undefined ? '' : ` of account "${target.account}"`;
      const labels = target.account === undefined ? 'the region label' : 'the account and region labels';
      fail(
        `${where}.region: "${target.region}"${of} appears twice; ${labels} would not tell the series apart`,
      );
    }
    regions.add(key);
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
  const deps: CollectorDeps = {
    region: target.region,
    api: target.api,
    workers: settings.workerLimit,
    ...shared,
  };
  const units: CollectorUnit[] = [];
  const lookups = new Map<string, InstanceLookup>();
  const claimed = new Set<string>();
  const run = {
    refreshTimeoutSeconds: settings.refreshTimeoutSeconds,
    // A run still going a whole scrape budget past its own deadline ignores its signal: leave it behind.
    abandonAfterMs: (settings.refreshTimeoutSeconds + settings.maxTimeoutSeconds) * 1000,
  };
  const own = settings as unknown as Record<string, unknown>;
  for (const descriptor of COLLECTORS as readonly CollectorDescriptor<CollectorName, unknown>[]) {
    const config = settings.collectors[descriptor.name];
    if (!config.enabled || !descriptor.collectsIn(target)) continue;
    const collector = descriptor.build({
      target,
      deps,
      options: descriptor.options === undefined ? undefined : own[descriptor.options.key],
      discoveryTtlMs: settings.discoveryTtlSeconds * 1000,
      discovery(key, create) {
        const known = lookups.get(key);
        if (known !== undefined) return known;
        const created = create();
        lookups.set(key, created);
        return created;
      },
      claim(key) {
        if (claimed.has(key)) return false;
        claimed.add(key);
        return true;
      },
    });
    units.push(
      new CollectorUnit(collector, config, shared.now, shared.logger, { ...run, account: target.account }),
    );
  }
  return { units, lookups: [...lookups.values()] };
}
