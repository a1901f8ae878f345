// A small estate for the scale-out tests: one region with two Running SWR instances (and one still creating),
// their policies and registries, HSS registries, and one Running APIG instance (and one frozen).

import type { RegionTarget } from '../../src/collectors/types.js';
import { ScaleOut, type ScaleOutOptions } from '../../src/scaleout/scale-out.js';
import {
  emptyEstate,
  execution,
  FakeClock,
  FakeRegionApi,
  gatewayInstance,
  hssRegistry,
  signatureKey,
  signPolicy,
  swrInstance,
  swrRegistry,
  task,
} from './collectors-fake-api.js';

export const REGION = 'cn-north-4';

export function fakeRegion(): FakeRegionApi {
  const estate = emptyEstate();
  estate.swrInstances = [swrInstance('i-1'), swrInstance('i-2'), swrInstance('i-3', 'Creating')];
  for (const [instance, policyId] of [
    ['i-1', 11],
    ['i-2', 21],
  ] as const) {
    estate.policies.set(instance, [signPolicy(policyId, `ns-${instance}`)]);
    estate.executions.set(`${instance}/${policyId}`, [execution(policyId * 10, policyId)]);
    estate.tasks.set(`${instance}/${policyId}/${policyId * 10}`, [task(1, 'app'), task(2, 'web')]);
    estate.registries.set(instance, [swrRegistry(policyId + 100)]);
  }
  estate.hssRegistries = [hssRegistry('h-1'), hssRegistry('h-2')];
  estate.gatewayInstances.apig = [gatewayInstance('g-1'), gatewayInstance('g-2', 'Frozen')];
  estate.keys.set('apig/g-1', [signatureKey('k-1'), signatureKey('k-2')]);
  estate.keys.set('apig/g-2', [signatureKey('k-9')]);
  return new FakeRegionApi(REGION, estate);
}

export interface Fixture {
  api: FakeRegionApi;
  clock: FakeClock;
  scaleOut: ScaleOut;
}

/**
 * A ScaleOut over the fake region; `target` overrides what the region's config says to collect. These tests are
 * about how a probe collects, so any target is accepted (allowUnlisted); the allowlist has its own tests.
 */
export function scaleOutOn(
  target: Partial<Omit<RegionTarget, 'api' | 'region'>> = {},
  options: Partial<ScaleOutOptions> = {},
): Fixture {
  const api = fakeRegion();
  const clock = new FakeClock();
  const scaleOut = new ScaleOut({
    targets: [{ region: REGION, api, ...target }],
    now: clock.now,
    allowUnlisted: true,
    ...options,
  });
  return { api, clock, scaleOut };
}

/** Sample lines of one metric family in an exposition. */
export function samples(exposition: string, family: string): string[] {
  return exposition
    .split('\n')
    .filter((line) => line.startsWith(`${family}{`) || line.startsWith(`${family} `));
}
