// Control API under /_sim/ (unauthenticated JSON) for tests, benchmarks and the demo: change the world, set
// faults, read or reset the request log, move time, unlock AKs. Bad input answers 400 naming the problem.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { agencyControlRoutes } from './agency-control.js';
import { ControlError } from './control-error.js';
import { FaultSpecError } from './faults.js';
import type { ControlRoute } from './http/api-module.js';
import { quotaSpecSchema } from './quotas.js';
import type { SimulatorState } from './state.js';
import type { GatewayKind, WorldResult } from './world/types.js';

const text = z.string().min(1);
const schemas = {
  swrRegistry: z
    .object({
      name: text,
      type: text.exactOptional(),
      url: text.exactOptional(),
      description: z.string().exactOptional(),
      insecure: z.boolean().exactOptional(),
      status: text.exactOptional(),
      access_key: text.exactOptional(),
    })
    .strict(),
  hssRegistry: z
    .object({
      registry_name: text,
      registry_type: text.exactOptional(),
      registry_addr: text.exactOptional(),
      status: text.exactOptional(),
      fail_reason: text.exactOptional(),
      images_num: z.number().int().min(0).exactOptional(),
    })
    .strict(),
  policy: z
    .object({
      namespace_name: text,
      name: text.exactOptional(),
      enabled: z.boolean().exactOptional(),
      trigger_type: text.exactOptional(),
    })
    .strict(),
  key: z
    .object({ name: text, sign_type: text.exactOptional(), sign_algorithm: text.exactOptional() })
    .strict(),
  execution: z
    .object({
      status: text,
      status_text: z.string().exactOptional(),
      trigger: text.exactOptional(),
      tasks: z
        .array(
          z
            .object({
              status: text,
              repository: text.exactOptional(),
              status_text: z.string().exactOptional(),
            })
            .strict(),
        )
        .exactOptional(),
    })
    .strict(),
  finish: z
    .object({ status: z.enum(['Succeed', 'Failed', 'Stopped']), status_text: z.string().exactOptional() })
    .strict(),
  status: z.object({ status: text, fail_reason: text.exactOptional() }).strict(),
  tick: z
    .object({
      seconds: z
        .number()
        .positive()
        .max(366 * 24 * 3600),
    })
    .strict(),
  order: z.object({ order: z.enum(['newest_first', 'oldest_first']) }).strict(),
  metadata: z.object({ agency: z.boolean() }).strict(),
  denyActions: z
    .object({
      actions: z
        .array(
          z.string().regex(/^[a-z]+:[A-Za-z]+:[A-Za-z]+$/, 'must be an IAM action like swr:instance:list'),
        )
        .min(1),
      ak: text.exactOptional(),
    })
    .strict(),
};

function bodyOf<T>(request: FastifyRequest, schema: z.ZodType<T>): T {
  const raw = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
  let json: unknown;
  try {
    json = raw === '' ? {} : JSON.parse(raw);
  } catch {
    throw new ControlError(400, 'request body is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`,
    );
    throw new ControlError(400, `invalid request body: ${problems.join('; ')}`);
  }
  return parsed.data;
}

function params(request: FastifyRequest): Record<string, string> {
  return (request.params ?? {}) as Record<string, string>;
}

function integer(raw: string | undefined, name: string): number {
  if (raw === undefined || !/^\d+$/.test(raw))
    throw new ControlError(400, `${name} must be a non-negative integer`);
  return Number(raw);
}

function gatewayOf(raw: string | undefined): GatewayKind {
  if (raw === 'apig' || raw === 'roma') return raw;
  throw new ControlError(404, `unknown gateway '${raw}' (use apig or roma)`);
}

function unwrap<T>(result: WorldResult<T>): T {
  if (result.ok) return result.value;
  throw new ControlError(result.missing === 'invalid' ? 400 : 404, result.message);
}

type Handler = (request: FastifyRequest, state: SimulatorState) => unknown;

/** The control routes of the API modules (http/api-module.ts), mounted under /_sim/modules/<name>. */
export interface ModuleControls {
  name: string;
  controls?: readonly ControlRoute[] | undefined;
}

export function registerControlRoutes(
  app: FastifyInstance,
  state: SimulatorState,
  modules: readonly ModuleControls[] = [],
): void {
  const { world, faults, log } = state;
  const project = (request: FastifyRequest): string => {
    const key = params(request).project ?? '';
    const projectId = world.projectIdOf(key) ?? key;
    if (!world.regions.some((region) => region.projectId === projectId)) {
      throw new ControlError(404, `no region or project '${key}' in this world`);
    }
    return projectId;
  };
  const index: string[] = [];
  const on = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: Handler, created = false) => {
    index.push(`${method} /_sim${path}`);
    app.route({
      method,
      url: `/_sim${path}`,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        try {
          const result = handler(request, state);
          return reply
            .code(created ? 201 : 200)
            .type('application/json')
            .send(JSON.stringify(result ?? { ok: true }));
        } catch (error) {
          const status =
            error instanceof ControlError ? error.status : error instanceof FaultSpecError ? 400 : 500;
          const message = error instanceof Error ? error.message : String(error);
          return reply
            .code(status)
            .type('application/json')
            .send(JSON.stringify({ error: message }));
        }
      },
    });
  };

  // Agencies of the delegating accounts: list, revoke, change, create (agency-control.ts).
  for (const route of agencyControlRoutes(state, (request, schema) => bodyOf(request, schema))) {
    on(route.method, route.path, route.handler, route.created);
  }

  // GET /_sim/ lists every control route, so the API documents itself.
  on('GET', '/', () => ({ routes: index }));
  on('GET', '/info', () => ({
    seed: world.seed,
    counts: world.counts,
    regions: world.regions,
    executionOrder: world.executionOrder,
    worldTime: new Date(world.now()).toISOString(),
    clock: new Date(state.clock()).toISOString(),
    metadata: state.metadata,
  }));

  // Request log
  on('GET', '/log', (request) => {
    const query = request.query as Record<string, string | undefined>;
    const limit = query.limit === undefined ? undefined : integer(query.limit, 'limit');
    return { summary: log.summary(), entries: log.entries({ operation: query.operation, limit }) };
  });
  on('DELETE', '/log', () => log.reset());
  on('POST', '/log/reset', () => log.reset());

  // Faults
  on('GET', '/faults', () => faults.list());
  on('PUT', '/faults/:target', (request) => {
    const target = params(request).target ?? '';
    return { [target]: faults.set(target, bodyOf(request, z.unknown())) };
  });
  on('DELETE', '/faults/:target', (request) => ({ removed: faults.clear(params(request).target ?? '') }));
  on('DELETE', '/faults', () => ({ removed: faults.clear() }));

  // Flow control: the quotas per user and API, and how many calls went over them
  on('GET', '/quotas', () => ({ quotas: state.quotas.table, refused: state.quotas.refused() }));
  on('PUT', '/quotas', (request) => {
    state.quotas.set(bodyOf(request, z.record(z.string(), quotaSpecSchema)));
    return { quotas: state.quotas.table };
  });

  // Time, auth, metadata
  on('POST', '/time/tick', (request) => {
    const summary = state.tickWorld(bodyOf(request, schemas.tick).seconds);
    return { ...summary, worldTime: new Date(world.now()).toISOString() };
  });
  on('POST', '/auth/unlock', () => state.lock.clear());
  on('POST', '/auth/revoke', () => state.credentials.revokeIssued());
  // IAM policy: take actions away from every credential, or from one AK ({"actions": [...], "ak": "…"}).
  on('PUT', '/auth/denied-actions', (request) => {
    const { actions, ak } = bodyOf(request, schemas.denyActions);
    state.denied.deny(actions, ak);
    return { denied: state.denied.list() };
  });
  on('GET', '/auth/denied-actions', () => ({ denied: state.denied.list() }));
  on('DELETE', '/auth/denied-actions', () => state.denied.clear());
  on('PUT', '/metadata', (request) => {
    state.metadata.agency = bodyOf(request, schemas.metadata).agency;
    return state.metadata;
  });

  // World
  on('GET', '/world/snapshot', () => world.snapshot());
  on('PUT', '/world/execution-order', (request) => {
    world.executionOrder = bodyOf(request, schemas.order).order;
    return { executionOrder: world.executionOrder };
  });
  const swr = '/world/:project/swr/:instance_id';
  const id = (request: FastifyRequest) => params(request).instance_id ?? '';
  on(
    'POST',
    `${swr}/registries`,
    (r) => unwrap(world.addSwrRegistry(project(r), id(r), bodyOf(r, schemas.swrRegistry))),
    true,
  );
  on('DELETE', `${swr}/registries/:registry_id`, (r) =>
    unwrap(world.deleteSwrRegistry(project(r), id(r), integer(params(r).registry_id, 'registry_id'))),
  );
  on('PUT', `${swr}/registries/:registry_id/status`, (r) =>
    unwrap(
      world.setSwrRegistryStatus(
        project(r),
        id(r),
        integer(params(r).registry_id, 'registry_id'),
        bodyOf(r, schemas.status).status,
      ),
    ),
  );
  on(
    'POST',
    `${swr}/policies`,
    (r) => unwrap(world.addSignPolicy(project(r), id(r), bodyOf(r, schemas.policy))),
    true,
  );
  on('DELETE', `${swr}/policies/:policy_id`, (r) =>
    unwrap(world.deleteSignPolicy(project(r), id(r), integer(params(r).policy_id, 'policy_id'))),
  );
  on(
    'POST',
    `${swr}/policies/:policy_id/executions`,
    (r) =>
      unwrap(
        world.addExecution(
          project(r),
          id(r),
          integer(params(r).policy_id, 'policy_id'),
          bodyOf(r, schemas.execution),
        ),
      ),
    true,
  );
  on('POST', `${swr}/policies/:policy_id/executions/:execution_id/finish`, (r) =>
    unwrap(
      world.finishExecution(
        project(r),
        id(r),
        integer(params(r).policy_id, 'policy_id'),
        integer(params(r).execution_id, 'execution_id'),
        bodyOf(r, schemas.finish),
      ),
    ),
  );
  on(
    'POST',
    '/world/:project/hss/registries',
    (r) => unwrap(world.addHssRegistry(project(r), bodyOf(r, schemas.hssRegistry))),
    true,
  );
  on('DELETE', '/world/:project/hss/registries/:registry_id', (r) =>
    unwrap(world.deleteHssRegistry(project(r), params(r).registry_id ?? '')),
  );
  on('PUT', '/world/:project/hss/registries/:registry_id/status', (r) => {
    const body = bodyOf(r, schemas.status);
    return unwrap(
      world.setHssRegistryStatus(project(r), params(r).registry_id ?? '', body.status, body.fail_reason),
    );
  });
  on(
    'POST',
    '/world/:project/:gateway/:instance_id/keys',
    (r) =>
      unwrap(world.addSignatureKey(gatewayOf(params(r).gateway), project(r), id(r), bodyOf(r, schemas.key))),
    true,
  );
  on('DELETE', '/world/:project/:gateway/:instance_id/keys/:sign_id', (r) =>
    unwrap(
      world.deleteSignatureKey(gatewayOf(params(r).gateway), project(r), id(r), params(r).sign_id ?? ''),
    ),
  );

  for (const module of modules) {
    for (const control of module.controls ?? []) {
      const handler: Handler = (r) =>
        control.handle({ params: params(r), body: (schema) => bodyOf(r, schema) });
      on(control.method, `/modules/${module.name}${control.path}`, handler, control.created === true);
    }
  }
}
