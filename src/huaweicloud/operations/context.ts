// What every operation needs: the transport, the project id and the page cap — plus the one way a request
// is sent and its body parsed, and the checks on caller-supplied ids.

import type { z } from 'zod';
import type { CallOptions, Listed, StreamedListOptions } from '../api.js';
import { configError } from '../config-error.js';
import type { HuaweiCloudError } from '../errors.js';
import type { Page } from '../models.js';
import type { RecordsDegradedEvent, ServiceName } from '../observer.js';
import { listAll, type PagingRule } from '../pagination.js';
import { parseBody } from '../schemas/parse.js';
import type { ApiRequest, Transport } from '../transport-types.js';

export interface OperationContext {
  readonly transport: Transport;
  /** The project id to put in paths and the signed X-Project-Id header. */
  projectId(opts?: CallOptions): Promise<string>;
  readonly maxPages: number | undefined;
  /** Told about records skipped and values made absent; must not throw (region.ts wraps it). */
  readonly degraded?: ((e: RecordsDegradedEvent) => void) | undefined;
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

export interface ListSpec<T> {
  service: ServiceName;
  operation: string;
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
    operation: spec.operation,
    service: spec.service,
    rule: spec.rule,
    maxPages: ctx.maxPages,
    maxItems: opts.maxItems,
    onItems: opts.onItems,
    signal: opts.signal,
    keyOf: spec.keyOf,
    fetchPage: (page, signal) =>
      fetchParsed(
        ctx.transport,
        {
          service: spec.service,
          operation: spec.operation,
          method: 'GET',
          path: spec.path,
          query: pageQuery(page, spec.filter),
          projectId: spec.projectId,
          signal,
        },
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
