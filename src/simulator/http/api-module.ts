// One simulated API as one module: its routes, the part of the world they serve, the IAM action each
// operation needs, and control routes to steer that part. server.ts mounts every module of modules.ts (API
// routes with the others, control routes under /_sim/modules/<name>/) and permissions.ts reads their actions,
// so a new API is its module plus one entry in that list, not edits across server.ts, world/, auth/, control.

import type { z } from 'zod';
import type { ApiRoute, RouteDeps } from './route-types.js';

/** A control request that cannot be served: answered with `status` and `{ error: message }`. */
export { ControlError } from '../control-error.js';

export interface ControlContext {
  params: Readonly<Record<string, string>>;
  /** The JSON body checked against `schema`; a bad one is a 400 naming the problem. */
  body<T>(schema: z.ZodType<T>): T;
}

export interface ControlRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify pattern after /_sim/modules/<module name>. */
  path: string;
  /** Answer 201 instead of 200. */
  created?: boolean;
  handle(ctx: ControlContext): unknown;
}

/** What a module serves once mounted on a world. */
export interface MountedModule {
  routes: ApiRoute[];
  controls?: ControlRoute[];
}

export interface ApiModule {
  /** What the module simulates, for errors, docs and its control path (e.g. 'swr-replication'). */
  readonly name: string;
  /** The IAM action each of its operations requires, keyed `${service}.${operation}` like REQUIRED_ACTIONS. */
  readonly actions: Readonly<Record<string, string>>;
  /**
   * Its routes over the world. Called once per server; a module keeps its own part of the world with the
   * routes, derived from `deps.world` (seed, estate, clock) so that it moves when the world's clock does.
   */
  mount(deps: RouteDeps): MountedModule;
}

/** Names a module's definition; the type check is the point (a module is a plain object). */
export function defineApiModule(module: ApiModule): ApiModule {
  return module;
}
