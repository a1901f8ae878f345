// Error bodies in each service's own format (docs §2.6, §4.3, §4.4, §4.6). Codes are documented unless a
// comment says "inferred": the docs give the format and some codes but not every 404 of SWR Enterprise.

import type { MissingKind } from '../world/types.js';

export type ServiceName = 'swr' | 'hss' | 'apig' | 'roma' | 'iam' | 'metadata';

export interface JsonReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** SWR bodies carry both the `errors[]` list and the flat `error_code`/`error_msg` pair (docs §4.6). */
export function swrError(status: number, code: string, message: string): JsonReply {
  return {
    status,
    body: {
      errors: [{ errorCode: code, errorMessage: message, detail: '' }],
      error_code: code,
      error_msg: message,
      details: [{ error_code: code, error_msg: message }],
    },
  };
}

function plainError(status: number, code: string, message: string): JsonReply {
  return { status, body: { error_code: code, error_msg: message } };
}

/** Keystone-style body for IAM (inferred from the OpenStack API IAM v3 follows). */
export function iamError(status: number, title: string, message: string): JsonReply {
  return { status, body: { error: { code: status, title, message } } };
}

export const SWR_INVALID_PARAMETER = 'SVCSTG.SWR.4000014';
export const HSS_INVALID_PARAMETER = 'HSS.0001';
export const APIG_INVALID_PARAMETER = 'APIG.2012';

/** 400 for a bad query or path parameter, in the service's format. `detail` names the parameter. */
export function invalidParameter(service: ServiceName, detail: string): JsonReply {
  switch (service) {
    case 'swr':
      return swrError(400, SWR_INVALID_PARAMETER, `Invalid request parameter: ${detail}`);
    case 'hss':
      return plainError(400, HSS_INVALID_PARAMETER, `Invalid parameter: ${detail}`);
    case 'apig':
    case 'roma':
      return plainError(400, APIG_INVALID_PARAMETER, `Invalid parameter value,${detail}`);
    case 'iam':
      return iamError(400, 'Bad Request', detail);
    case 'metadata':
      return { status: 400, body: { error: detail } };
  }
}

// SWR Enterprise 404 codes are not published per resource; these follow the documented SVCSTG.SWR.404xxxx
// pattern (e.g. 4040126 "Not found trigger") — inferred.
const SWR_NOT_FOUND: Record<Exclude<MissingKind, 'invalid' | 'sign'>, [string, string]> = {
  project: ['SVCSTG.SWR.4040101', 'Project not found'],
  instance: ['SVCSTG.SWR.4040102', 'Instance not found'],
  namespace: ['SVCSTG.SWR.4040103', 'Namespace not found'],
  policy: ['SVCSTG.SWR.4040119', 'Signature policy not found'],
  execution: ['SVCSTG.SWR.4040120', 'Signature policy execution not found'],
  registry: ['SVCSTG.SWR.4040121', 'Registry not found'],
};

/** 404 for something a lookup did not find, in the service's format. */
export function notFound(service: ServiceName, missing: MissingKind, message: string): JsonReply {
  if (service === 'swr') {
    const entry = missing === 'invalid' || missing === 'sign' ? undefined : SWR_NOT_FOUND[missing];
    const [code, text] = entry ?? ['SVCSTG.SWR.4040010', 'Resource not found'];
    return swrError(404, code, `${text}: ${message}`);
  }
  if (service === 'hss') return plainError(404, 'HSS.0011', `Resource not found: ${message}`);
  if (service === 'apig' || service === 'roma') {
    // APIG.3030 is documented for a missing instance; the prefix matches the seed's message.
    return plainError(404, 'APIG.3030', `The instance does not exist;${message}`);
  }
  return iamError(404, 'Not Found', message);
}

/** 403: the credentials are not scoped to the project in the path (documented codes per service). */
export function forbidden(service: ServiceName, message: string): JsonReply {
  switch (service) {
    case 'swr':
      return swrError(403, 'SVCSTG.SWR.4030170', `Insufficient permissions: ${message}`);
    case 'hss':
      return plainError(403, 'HSS.0010', `Access denied: ${message}`);
    case 'apig':
    case 'roma':
      return plainError(403, 'APIG.1005', `No permissions to request this method: ${message}`);
    default:
      return iamError(403, 'Forbidden', message);
  }
}

/** 500 from the service behind the gateway. */
export function internalError(service: ServiceName): JsonReply {
  switch (service) {
    case 'swr':
      return swrError(500, 'SVCSTG.SWR.5000008', 'Internal server error: Failed to obtain the list.');
    case 'hss':
      return plainError(500, 'HSS.0041', 'Query error');
    case 'apig':
    case 'roma':
      return plainError(500, 'APIG.9999', 'System error');
    default:
      return iamError(
        500,
        'Internal Server Error',
        'An unexpected error prevented the server from fulfilling your request.',
      );
  }
}

/** 401 from the API gateway in front of every service (docs §2.6). */
export function gatewayAuthError(message: string, requestId: string): JsonReply {
  return { status: 401, body: { error_msg: message, error_code: 'APIGW.0301', request_id: requestId } };
}

/**
 * 429 throttling (docs §2.6); Retry-After is not documented, so it is optional. `limit`/`time` are the
 * quota the message quotes ("limit:5,time:1 minute" for a per-minute quota).
 */
export function throttled(
  requestId: string,
  retryAfterSeconds?: number,
  quota: { limit: number; time: string } = { limit: 100, time: '1 second' },
): JsonReply {
  const reply: JsonReply = {
    status: 429,
    body: {
      error_code: 'APIG.0308',
      error_msg: `The throttling threshold has been reached: policy user over ratelimit,limit:${quota.limit},time:${quota.time}`,
      request_id: requestId,
    },
  };
  if (retryAfterSeconds !== undefined) reply.headers = { 'retry-after': String(retryAfterSeconds) };
  return reply;
}

/** 503 from the gateway when the backend is down (code inferred from APIG's "Backend unavailable"). */
export function unavailable(requestId: string): JsonReply {
  return {
    status: 503,
    body: { error_code: 'APIGW.0201', error_msg: 'Backend unavailable', request_id: requestId },
  };
}

/** 404 for a path no route serves, in the gateway's style (inferred). */
export function noSuchRoute(requestId: string): JsonReply {
  return {
    status: 404,
    body: {
      error_code: 'APIGW.0101',
      error_msg: 'The API does not exist or has not been published in the environment',
      request_id: requestId,
    },
  };
}
