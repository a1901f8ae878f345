// The simulator's world: a seeded, time-moving estate of Huawei Cloud resources. See types.ts for the contract.

import { buildWorldState } from './generate.js';
import type { World, WorldOptions } from './types.js';
import { VariedWorld } from './varied-world.js';
import { SimWorld } from './world.js';

export { resolveScale, SCALE_PRESETS } from './scale.js';
export { STEP_MS } from './tick.js';
export { ZERO_TIME } from './timestamps.js';
export type * from './types.js';

/** Build a world; throws a RangeError naming the bad option (seed, scale count, region name, user). */
export function createWorld(opts: WorldOptions = {}): World {
  const state = buildWorldState(opts);
  return opts.variety === true ? new VariedWorld(state) : new SimWorld(state);
}
