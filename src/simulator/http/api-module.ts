// One simulated API as one module: its routes, the part of the world they serve, the IAM action each
// operation needs, and control routes to steer that part. server.ts mounts every module of modules.ts (API
// routes with the others, control routes under /_sim/modules/<name>/) and permissions.ts reads their actions,
// so a new API is its module plus one entry in that list, not edits across server.ts, world/, auth/, control.

import { z } from 'zod';
import { ControlError } from '../control-error.js';
import type { RunnablePolicy } from '../world/policy-runs.js';
import type { World, WorldResult } from '../world/types.js';
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

const STEER = z.object({ running: z.boolean() }).strict();
const RUN = z.object({ status: z.enum(['Succeed', 'Failed', 'Stopped']).exactOptional() }).strict();

/**
 * The control routes of a module whose policies run on a schedule (world/policy-runs.ts), under
 * /_sim/modules/<name>/:project/:instance_id/:policy_id/…; `:project` is a region name or a project id.
 */
export function policyControls(
  world: World,
  policiesOf: (projectId: string, instanceId: string) => WorldResult<readonly RunnablePolicy[]>,
): ControlRoute[] {
  const policyOf = ({ params }: ControlContext): RunnablePolicy => {
    const { project = '', instance_id: instanceId = '', policy_id: policyId = '' } = params;
    const hit = policiesOf(world.projectIdOf(project) ?? project, instanceId);
    if (!hit.ok) throw new ControlError(404, hit.message);
    const policy = hit.value.find((p) => String(p.id) === policyId);
    if (policy === undefined) throw new ControlError(404, `no policy ${policyId} on ${instanceId}`);
    return policy;
  };
  return [
    {
      // Stops or resumes a policy's schedule from now on (a schedule that stops triggering, then is fixed).
      method: 'PUT',
      path: '/:project/:instance_id/:policy_id/running',
      handle: (ctx) => {
        const { running } = ctx.body(STEER);
        return { running, changed: policyOf(ctx).setRunning(running, world.now()) };
      },
    },
    {
      // Runs a policy now, as the console's "execute" does; `status` fixes how the run ends. SWR runs no
      // disabled policy, so neither does the simulator: a run that could never be listed is refused.
      method: 'POST',
      path: '/:project/:instance_id/:policy_id/executions',
      created: true,
      handle: (ctx) => {
        const { status } = ctx.body(RUN);
        const policy = policyOf(ctx);
        if (!policy.enabled) throw new ControlError(409, 'policy is disabled');
        const started = policy.runNow(world.now(), status);
        if (started === undefined) {
          throw new ControlError(409, 'this policy was already run by hand in this minute of world time');
        }
        return { id: started.id, status: started.status };
      },
    },
  ];
}
