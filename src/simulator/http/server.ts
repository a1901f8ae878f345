// One fastify listener for every simulated service, routed by path prefix (/swr, /hss, /apig, /roma, /iam,
// /metadata) plus the control API under /_sim/. Each API request runs one pipeline:
// latency → authentication → project scope → status fault → handler → body fault → request log.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AuthOutcome } from '../auth/authenticate.js';
import type { ReceivedRequest } from '../auth/verifier.js';
import { registerControlRoutes } from '../control.js';
import { API_MODULES } from '../modules.js';
import { windowWords } from '../quotas.js';
import type { RequestLogEntry } from '../request-log.js';
import type { SimulatorState } from '../state.js';
import type { World } from '../world/types.js';
import { agencyRoutes } from './agency-routes.js';
import {
  forbidden,
  gatewayAuthError,
  internalError,
  type JsonReply,
  noSuchRoute,
  type ServiceName,
  throttled,
} from './errors.js';
import { gatewayRoutes } from './gateway-routes.js';
import { hssRoutes } from './hss-routes.js';
import { iamRoutes } from './iam-routes.js';
import { metadataRoutes } from './metadata-routes.js';
import { parseQuery } from './params.js';
import { send, statusFaultReply } from './respond.js';
import { type ApiRoute, ReplyError, type RouteContext, type RouteDeps } from './route-types.js';
import { swrRoutes } from './swr-routes.js';

export const SERVICES = [
  'swr',
  'hss',
  'apig',
  'roma',
  'iam',
  'metadata',
] as const satisfies readonly ServiceName[];

export function apiRoutes(deps: RouteDeps): ApiRoute[] {
  return [
    ...swrRoutes(deps),
    ...hssRoutes(deps),
    ...gatewayRoutes(deps),
    ...iamRoutes(deps),
    ...agencyRoutes(deps),
    ...metadataRoutes(deps),
  ];
}

export function buildServer(state: SimulatorState): FastifyInstance {
  const app = Fastify({
    logger: false,
    // Huawei request ids are 32 hex digits.
    genReqId: () => randomUUID().replaceAll('-', ''),
    forceCloseConnections: true,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 2048 },
    // Rejections before routing (a path with a broken %-escape) still get the gateway format and a request id.
    frameworkErrors: (error, request, rawReply) => {
      const reply = rawReply as unknown as FastifyReply;
      const body = { error_code: 'APIGW.0100', error_msg: error.message, request_id: request.id };
      state.log.record(logEntry(state, request, 'unmatched', 400, 'none', performance.now()));
      reply.code(400).header('X-Request-Id', request.id).type('application/json').send(JSON.stringify(body));
    },
  });
  // Keep every body as raw bytes: the signature covers the exact bytes, and handlers parse JSON themselves.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
    state.advanceWorld();
  });

  const deps = { credentials: state.credentials, metadata: state.metadata, agencies: state.agencies };
  // The API modules (modules.ts) mounted on the own world; their control routes steer that world.
  const modules = API_MODULES.map((module) => ({
    name: module.name,
    ...module.mount({ ...deps, world: state.world }),
  }));
  const routesOver = (world: World, mounted: ReadonlyArray<{ routes: readonly ApiRoute[] }>) => [
    ...apiRoutes({ ...deps, world }),
    ...mounted.flatMap((module) => module.routes),
  ];
  // The same routes over each delegating account's estate, in the same order: a request signed with keys
  // issued through an agency is answered by route i of its account's list, so it sees that account only.
  const accountRoutes = new Map<string, AccountRoutes>();
  for (const [domainId, world] of state.accounts) {
    const mounted = API_MODULES.map((module) => module.mount({ ...deps, world }));
    accountRoutes.set(domainId, { world, routes: routesOver(world, mounted) });
  }
  for (const [index, route] of routesOver(state.world, modules).entries()) {
    const forAccount = (domainId: string) => {
      const account = accountRoutes.get(domainId);
      const routeThere = account?.routes[index];
      return account && routeThere ? { world: account.world, route: routeThere } : undefined;
    };
    app.route({
      method: route.method,
      url: `/${route.service}${route.path}`,
      handler: (request, reply) => serve(state, route, request, reply, forAccount),
    });
  }
  registerControlRoutes(app, state, modules);

  app.setNotFoundHandler((request, reply) => {
    const started = performance.now();
    const answer = noSuchRoute(request.id);
    state.log.record(logEntry(state, request, 'unmatched', answer.status, 'none', started));
    return reply.code(answer.status).type('application/json').send(JSON.stringify(answer.body));
  });
  app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    // Only fastify's own rejections land here (bad URL encoding, body too large): answer gateway-style.
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    const body = {
      error_code: 'APIGW.0100',
      error_msg: error.message ?? 'Bad request',
      request_id: request.id,
    };
    return reply.code(status).type('application/json').send(JSON.stringify(body));
  });
  return app;
}

function serviceOf(operation: string): string {
  const dot = operation.indexOf('.');
  return dot < 0 ? operation : operation.slice(0, dot);
}

function logEntry(
  state: SimulatorState,
  request: FastifyRequest,
  operation: string,
  status: number,
  auth: RequestLogEntry['auth'],
  started: number,
  fault?: string,
): Omit<RequestLogEntry, 'seq'> {
  return {
    at: new Date(state.clock()).toISOString(),
    service: serviceOf(operation),
    operation,
    method: request.method,
    url: request.raw.url ?? request.url,
    status,
    ...(fault === undefined ? {} : { fault }),
    auth,
    requestId: request.id,
    durationMs: Math.round((performance.now() - started) * 100) / 100,
  };
}

function authKind(outcome: AuthOutcome | undefined): RequestLogEntry['auth'] {
  if (!outcome) return 'none';
  if (!outcome.ok) return 'failed';
  return outcome.method;
}

/** Why the caller may not touch the project in the path, or undefined when it may. */
function scopeProblem(
  world: World,
  projectId: string | undefined,
  outcome: AuthOutcome,
  headers: FastifyRequest['headers'],
): string | undefined {
  if (projectId === undefined || !outcome.ok) return undefined;
  if (!world.regions.some((region) => region.projectId === projectId)) {
    return `project ${projectId} does not belong to this account`;
  }
  if (outcome.method === 'token' && outcome.projectId !== projectId) {
    return `the token is scoped to project ${outcome.projectId}, not ${projectId}`;
  }
  const header = headers['x-project-id'];
  if (outcome.method === 'aksk' && typeof header === 'string' && header.trim() !== projectId) {
    return `X-Project-Id ${header.trim()} does not match project ${projectId} in the path`;
  }
  return undefined;
}

interface AccountRoutes {
  world: World;
  routes: ApiRoute[];
}

type AccountRoute = (domainId: string) => { world: World; route: ApiRoute } | undefined;

async function serve(
  state: SimulatorState,
  ownRoute: ApiRoute,
  request: FastifyRequest,
  reply: FastifyReply,
  forAccount: AccountRoute,
): Promise<void> {
  let route = ownRoute;
  let world = state.world;
  const started = performance.now();
  const operation = `${route.service}.${route.operation}`;
  const decision = state.faults.decide(operation);
  // The injected latency is the time to answer, this server's own work included: the answer is worked out
  // first and leaves once `latencyMs` has passed since the request arrived (the bench's lower bound counts
  // the latency, not latency plus simulator CPU).
  const waitOutLatency = async () => {
    const left = decision.latencyMs - (performance.now() - started);
    if (left > 0) await sleep(left, undefined, { signal: state.closing }).catch(() => undefined);
  };
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const url = request.raw.url ?? request.url;
  const params = (request.params ?? {}) as Record<string, string>;

  let outcome: AuthOutcome | undefined;
  let answer: JsonReply | undefined;
  let quotaRefused = false;
  if (route.auth === 'signed') {
    const received: ReceivedRequest = { method: request.method, url, headers: request.headers, body };
    outcome = state.authenticator.authenticate(received);
    const account = outcome.ok && outcome.method === 'aksk' ? outcome.account : undefined;
    const there = account === undefined ? undefined : forAccount(account);
    if (there) ({ world, route } = there);
    if (!outcome.ok) answer = gatewayAuthError(outcome.message, request.id);
    else if (account !== undefined && !there) {
      answer = forbidden(route.service, 'the account these credentials act in is unknown');
    } else {
      const problem = scopeProblem(world, params.project_id, outcome, request.headers);
      const denied = state.denied.deniedAction(operation, outcome.method === 'aksk' ? outcome.ak : undefined);
      if (problem) answer = forbidden(route.service, problem);
      else if (denied) answer = forbidden(route.service, `Policy doesn't allow ${denied} to be performed.`);
    }
    if (!answer && outcome.ok) {
      // Flow control is per user and API (and region): the credential's owner, so a second AK, a rotated
      // temporary key or a token of the same user share one window.
      const verdict = state.quotas.admit(outcome.user, params.project_id ?? '', operation);
      if (!verdict.ok) {
        const quota = { limit: verdict.limit, time: windowWords(verdict.windowSeconds) };
        answer = throttled(request.id, undefined, quota);
        quotaRefused = true;
      }
    }
  }
  const auth = authKind(outcome);
  if (!answer && decision.status === 'reset') {
    await waitOutLatency();
    reply.hijack();
    const socket = request.raw.socket;
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
    state.log.record(logEntry(state, request, operation, 0, auth, started, 'reset'));
    return;
  }
  const statusFault = answer ? undefined : statusFaultReply(route, decision, request.id);
  if (!answer && statusFault) answer = statusFault;
  if (!answer) {
    const ctx: RouteContext = {
      params,
      query: parseQuery(url),
      headers: request.headers,
      body,
      requestId: request.id,
      baseUrl: `${request.protocol}://${request.headers.host ?? '127.0.0.1'}/${route.service}`,
      ...(outcome?.ok ? { caller: outcome } : {}),
    };
    try {
      answer = route.handle(ctx);
    } catch (error) {
      answer = error instanceof ReplyError ? error.reply : internalError(route.service);
    }
  }
  const bodyFault = answer.status < 300 && typeof answer.body !== 'string' ? decision.body : undefined;
  const fault = quotaRefused ? 'quota' : statusFault ? decision.status : bodyFault;
  await waitOutLatency();
  await send(request, reply, answer, bodyFault, decision, state.closing);
  state.log.record(logEntry(state, request, operation, answer.status, auth, started, fault));
}
