// Delegating accounts: further Huawei Cloud accounts, each with an estate of its own (its own domain and
// project ids, resources from its own seed) and agencies that let the simulator's own account in. Their
// estate is reached only with keys issued through one of their agencies (http/agency-routes.ts), so a test
// can tell every account's values apart and check that none leaks into another.

import type { AgencyRegistry } from './auth/agencies.js';
import { createWorld } from './world/index.js';
import type { ScaleCounts, ScalePreset, World } from './world/types.js';

export interface DelegatingAccountSpec {
  /** Account (domain) name; its domain id derives from it and the seed. */
  domainName: string;
  /** Seed of its estate; default the simulator's seed + the account's position + 1 (distinct estates). */
  seed?: number;
  /** Agencies it created for the simulator's own account (default one, `monitoring`). */
  agencies?: string[];
}

export interface DelegatingAccount {
  domainName: string;
  domainId: string;
  agencies: string[];
  regions: Array<{ name: string; projectId: string }>;
  world: World;
}

export interface AccountBase {
  seed: number;
  scale?: ScalePreset | Partial<ScaleCounts>;
  regionNames?: string[];
  variety?: boolean;
  nowMs: number;
  /** The simulator's own account: names must differ from it, and every agency trusts it. */
  own: World;
}

/** The agency names IAM takes; the control API's POST /_sim/agencies checks them too. */
export const AGENCY_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export function buildAccounts(
  specs: readonly DelegatingAccountSpec[],
  base: AccountBase,
  registry: AgencyRegistry,
): DelegatingAccount[] {
  const seen = new Set<string>([base.own.domainName]);
  return specs.map((spec, index) => {
    if (spec.domainName.trim() === '' || seen.has(spec.domainName)) {
      throw new RangeError(`delegating account #${index + 1} needs a name of its own`);
    }
    seen.add(spec.domainName);
    const agencies = spec.agencies ?? ['monitoring'];
    for (const name of agencies) {
      if (!AGENCY_NAME.test(name)) {
        throw new RangeError(`agency names of ${spec.domainName} are 1–64 letters, digits, "_", "-" or "."`);
      }
    }
    const world = createWorld({
      seed: spec.seed ?? (base.seed + index + 1) % 0x1_0000_0000,
      domainName: spec.domainName,
      users: [],
      nowMs: base.nowMs,
      ...(base.scale === undefined ? {} : { scale: base.scale }),
      ...(base.regionNames === undefined ? {} : { regionNames: base.regionNames }),
      ...(base.variety === undefined ? {} : { variety: base.variety }),
    });
    const account = { domainId: world.domainId, domainName: world.domainName };
    for (const name of agencies) registry.add(account, { name, trustedDomainId: base.own.domainId });
    return {
      ...account,
      agencies,
      regions: world.regions.map((region) => ({ name: region.name, projectId: region.projectId })),
      world,
    };
  });
}
