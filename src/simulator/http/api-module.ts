// One simulated API as one module: its routes, the part of the world they serve, and the IAM action each
// operation needs. server.ts mounts every module of modules.ts and permissions.ts reads their actions, so a
// new API is its module plus one entry in that list, not edits across server.ts, world/ and auth/.

import type { ApiRoute, RouteDeps } from './route-types.js';

export interface ApiModule {
  /** What the module simulates, for errors and docs (e.g. 'swr-replication'). */
  readonly name: string;
  /** The IAM action each of its operations requires, keyed `${service}.${operation}` like REQUIRED_ACTIONS. */
  readonly actions: Readonly<Record<string, string>>;
  /**
   * Its routes over the world. Called once per server; a module keeps its own part of the world with the
   * routes, derived from `deps.world` (seed, estate, clock) so that it moves when the world's clock does.
   */
  routes(deps: RouteDeps): ApiRoute[];
}

/** Names a module's definition; the type check is the point (a module is a plain object). */
export function defineApiModule(module: ApiModule): ApiModule {
  return module;
}
