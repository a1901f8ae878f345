// What every operation needs: the transport, the project id and the page cap — plus the one way a request
// is sent and its body parsed, and the checks on caller-supplied ids.

import type { z } from 'zod';
import type { CallOptions, Listed, StreamedListOptions } from '../call-options.js';
import { configError } from '../config-error.js';
import type { HuaweiCloudError } from '../errors.js';
import type { Page } from '../models.js';
import type { RecordsDegradedEvent, ServiceName } from '../observer.js';
import { listAll, type PagingRule } from '../pagination.js';
import { parseBody } from '../schemas/parse.js';
import type { ApiRequest, Transport } from '../transport-types.js';
import type { OperationInfo } from './info.js';

/** One region's means of calling: shared by every operation of that region. */
export interface RegionContext {
  readonly transport: Transport;
  /** The project id to put in paths and the signed X-Project-Id header. */
  projectId(opts?: CallOptions): Promise<string>;
  readonly maxPages: number | undefined;
  /** Told about records skipped and values made absent; must not throw (region.ts wraps it). */
  readonly degraded?: ((e: RecordsDegradedEvent) => void) | undefined;
}

/** What an operation's run gets: the region's context and the operation itself, so each request it sends
 * carries the operation's service, name and budget without the operation naming itself again. */
export interface OperationContext extends RegionContext {
  readonly op: OperationInfo;
}

/** Sends a request and parses its body with the operation's schema; degraded records go to `degraded`. */
export async function fetchParsed<S extends z.ZodType>(
  transport: Transport,
  request: ApiRequest,
  schema: S,
  degraded?: ((e: RecordsDegradedEvent) => void) | undefined,
): Promise<z.output<S>> {
  const response = await transport.send(request);
  const { service, operation } = request;
  return parseBody(schema, response.json, {
    operation,
    service,
    requestId: response.requestId,
    onNotes: degraded === undefined ? undefined : (notes) => degraded({ service, operation, ...notes }),
  });
}

/** One GET of an operation: its service, name and budget come from the operation's info. */
export interface GetSpec {
  path: readonly string[];
  query?: ReadonlyArray<readonly [string, string]> | undefined;
  /** Sets the signed X-Project-Id header; every call but IAM's carries it. */
  projectId: string;
}

function getRequest(op: OperationInfo, spec: GetSpec, signal: AbortSignal | undefined): ApiRequest {
  return {
    service: op.service,
    operation: op.name,
    method: 'GET',
    path: spec.path,
    query: spec.query,
    projectId: spec.projectId,
    budget: op.budget,
    signal,
  };
}

/** One GET parsed with the operation's body schema. */
export function getParsed<S extends z.ZodType>(
  ctx: OperationContext,
  spec: GetSpec,
  schema: S,
  opts: CallOptions,
): Promise<z.output<S>> {
  return fetchParsed(ctx.transport, getRequest(ctx.op, spec, opts.signal), schema, ctx.degraded);
}

export interface ListSpec<T> {
  path: readonly string[];
  /** Sets the signed X-Project-Id header; every call but IAM's carries it. */
  projectId: string;
  rule: PagingRule;
  body: z.ZodType<Page<T>>;
  keyOf(item: T): string | number;
  /** Filters sent with every page (e.g. `status`). */
  filter?: ReadonlyArray<readonly [string, string]> | undefined;
}

/** Reads a whole paged list: one GET per page, each parsed with the body schema. */
export function listEndpoint<T>(
  ctx: OperationContext,
  spec: ListSpec<T>,
  opts: StreamedListOptions<T>,
): Promise<Listed<T>> {
  return listAll({
    operation: ctx.op.name,
    service: ctx.op.service,
    rule: spec.rule,
    maxPages: ctx.maxPages,
    maxItems: opts.maxItems,
    onItems: opts.onItems,
    signal: opts.signal,
    keyOf: spec.keyOf,
    fetchPage: (page, signal) =>
      fetchParsed(
        ctx.transport,
        getRequest(ctx.op, { ...spec, query: pageQuery(page, spec.filter) }, signal),
        spec.body,
        ctx.degraded,
      ),
  });
}

/** Query pairs for one page; extra pairs (filters) come first, in the order given. */
export function pageQuery(
  page: { offset: number; limit: number },
  extra: ReadonlyArray<readonly [string, string]> = [],
): Array<readonly [string, string]> {
  return [...extra, ['offset', String(page.offset)], ['limit', String(page.limit)]];
}

/** A caller-supplied argument the API cannot take; nothing is sent. */
export function invalidArgument(service: ServiceName, operation: string, message: string): HuaweiCloudError {
  return configError(message, service, operation);
}

/** A caller-supplied path id: a non-empty string (the transport encodes it, so any character is safe). */
export function requireId(service: ServiceName, operation: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidArgument(service, operation, `${name} must be a non-empty string`);
  }
  return value;
}

/** A caller-supplied numeric path id (policy, execution, registry ids are integers in the API). */
export function requireIntId(service: ServiceName, operation: string, name: string, value: unknown): string {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument(service, operation, `${name} must be a non-negative integer`);
  }
  return String(value);
}
