// Writes an API answer, damaged on purpose when a fault says so: a status fault replaces the answer, a body
// fault (faults.ts) mangles or slows a successful JSON body.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultDecision } from '../faults.js';
import {
  malformed,
  truncated,
  withMissingFields,
  withWrongTypes,
  writeDrip,
  writeHuge,
} from './body-faults.js';
import { internalError, type JsonReply, throttled, unavailable } from './errors.js';
import type { ApiRoute } from './route-types.js';

export function statusFaultReply(
  route: ApiRoute,
  decision: FaultDecision,
  requestId: string,
): JsonReply | undefined {
  switch (decision.status) {
    case 'error500':
      return internalError(route.service);
    case 'error503':
      return unavailable(requestId);
    case 'throttle':
      return throttled(requestId, decision.retryAfterSeconds);
    default:
      return undefined;
  }
}

export async function send(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: JsonReply,
  bodyFault: FaultDecision['body'],
  decision: FaultDecision,
  closing: AbortSignal,
): Promise<void> {
  const isText = typeof answer.body === 'string';
  let payload: unknown = answer.body;
  if (bodyFault === 'wrongTypes') payload = withWrongTypes(payload);
  if (bodyFault === 'missingFields') payload = withMissingFields(payload);
  const text = isText ? (payload as string) : JSON.stringify(payload);
  const contentType = isText ? 'text/plain; charset=utf-8' : 'application/json';
  if (bodyFault === 'huge' || bodyFault === 'drip') {
    reply.hijack();
    const res = reply.raw;
    res.statusCode = answer.status;
    res.setHeader('content-type', contentType);
    res.setHeader('x-request-id', request.id);
    for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
    if (bodyFault === 'huge') await writeHuge(res, text, decision.hugeBytes);
    else await writeDrip(res, text, decision.dripChunkBytes, decision.dripIntervalMs, closing);
    return;
  }
  let wire: string | Buffer = text;
  if (bodyFault === 'truncate') wire = truncated(text);
  if (bodyFault === 'malformed') wire = malformed(text);
  await reply
    .code(answer.status)
    .headers(answer.headers ?? {})
    .type(contentType)
    .send(wire);
}
