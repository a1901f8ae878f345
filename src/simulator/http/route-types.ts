// The shape every API family file (swr-routes.ts, hss-routes.ts, …) fills in; server.ts runs them through
// one pipeline: latency → auth → project scope → status faults → handler → body faults → request log.

import type { IncomingHttpHeaders } from 'node:http';
import type { AgencyRegistry } from '../auth/agencies.js';
import type { AuthOutcome } from '../auth/authenticate.js';
import type { CredentialStore } from '../auth/credentials.js';
import type { World, WorldResult } from '../world/types.js';
import { invalidParameter, type JsonReply, notFound, type ServiceName } from './errors.js';
import type { Parsed } from './params.js';

export interface RouteContext {
  /** Path parameters, percent-decoded. */
  params: Readonly<Record<string, string>>;
  /** Query parameters, percent-decoded (first value of a repeated key). */
  query: Map<string, string>;
  headers: IncomingHttpHeaders;
  body: Buffer;
  requestId: string;
  /** This service's base URL as the client addressed it, e.g. http://127.0.0.1:PORT/iam. */
  baseUrl: string;
  /** Who called, for 'signed' routes (an agency's keys name the account they act in). */
  caller?: AuthOutcome & { ok: true };
}

export interface ApiRoute {
  service: ServiceName;
  /** Huawei's operation name; the log and fault target use `${service}.${operation}`. */
  operation: string;
  method: 'GET' | 'POST' | 'PUT';
  /** Fastify pattern after the service prefix; `:project_id` is checked against the caller's scope. */
  path: string;
  /** 'signed': AK/SK signature or IAM token required; 'none': open (token issuing, ECS metadata). */
  auth: 'signed' | 'none';
  handle(ctx: RouteContext): JsonReply;
}

/** Switches of the ECS metadata endpoint (set through the control API). */
export interface MetadataSettings {
  /** false → 401 "Please configure Cloud Service Agency first", as on an ECS without an agency. */
  agency: boolean;
}

export interface RouteDeps {
  world: World;
  credentials: CredentialStore;
  metadata: MetadataSettings;
  /** The agencies of the delegating accounts (issuing their temporary keys). */
  agencies: AgencyRegistry;
}

/** Thrown inside a handler to answer with a prepared reply (keeps handlers linear). */
export class ReplyError extends Error {
  constructor(readonly reply: JsonReply) {
    super(`reply ${reply.status}`);
  }
}

/** The parsed value, or a 400 in the service's format naming the parameter. */
export function need<T>(service: ServiceName, parsed: Parsed<T>): T {
  if (!parsed.ok) throw new ReplyError(invalidParameter(service, parsed.detail));
  return parsed.value;
}

/** The world's value, or a 404 in the service's format. */
export function found<T>(service: ServiceName, result: WorldResult<T>): T {
  if (!result.ok) throw new ReplyError(notFound(service, result.missing, result.message));
  return result.value;
}

export function param(ctx: RouteContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route declares no :${name}`);
  return value;
}

/** Copies the named query parameters that are present into a filter object. */
export function pickFilter<K extends string>(
  query: Map<string, string>,
  keys: readonly K[],
): Partial<Record<K, string>> {
  const filter: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = query.get(key);
    if (value !== undefined) filter[key] = value;
  }
  return filter;
}

export function ok(body: unknown, status = 200): JsonReply {
  return { status, body };
}
