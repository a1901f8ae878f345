// Every HuaweiCloudError the transport throws is made here, so messages share one shape:
//   "ListRegistry: HTTP 400 HSS.0001 (invalid parameter) [request id abc]"
// A message names the operation and what the server said; it never holds a request header value.

import { type ErrorCode, HuaweiCloudError } from '../errors.js';
import type { ServiceName } from '../observer.js';
import type { ErrorBodyFields } from './error-body.js';
import type { NetworkFailure } from './network-errors.js';
import { scrub } from './redact.js';

export interface FailureContext {
  service: ServiceName;
  operation: string;
  /** Credential values of the request, scrubbed from anything the server echoed. */
  secrets: readonly string[];
}

/** Bound on the upstream message inside our message; the full (bounded) text stays in `errorMsg`. */
const MESSAGE_ECHO_CHARS = 200;

/**
 * The API gateway in front of every service answers 404 APIG.0101 / APIGW.0101 "The API does not exist or has
 * not been published" when no API matches the host, method and path (Huawei's APIG error-code table): the
 * endpoint is wrong, not a resource gone. Every other 404 carries the service's own not-found code
 * (SVCSTG.SWR.404xxxx, HSS.0011, APIG.3030) for the resource in the path.
 */
const NO_SUCH_API_CODES: ReadonlySet<string> = new Set(['APIG.0101', 'APIGW.0101']);

export function codeForStatus(status: number, errorCode?: string): ErrorCode {
  if (status === 401 || status === 403) return 'AUTH_FAILED';
  if (status === 404) {
    return errorCode !== undefined && NO_SUCH_API_CODES.has(errorCode) ? 'NO_SUCH_API' : 'NOT_FOUND';
  }
  if (status === 429) return 'THROTTLED';
  return 'HTTP_ERROR';
}

function requestIdSuffix(requestId: string | undefined): string {
  return requestId === undefined ? '' : ` [request id ${requestId}]`;
}

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function httpError(
  ctx: FailureContext,
  status: number,
  fields: ErrorBodyFields,
  headerRequestId: string | undefined,
): HuaweiCloudError {
  const bodyRequestId = fields.requestId === undefined ? undefined : scrub(fields.requestId, ctx.secrets);
  const requestId = headerRequestId ?? bodyRequestId;
  const errorMsg = fields.errorMsg === undefined ? undefined : scrub(fields.errorMsg, ctx.secrets);
  const errorCode = fields.errorCode === undefined ? undefined : scrub(fields.errorCode, ctx.secrets);
  const code = errorCode === undefined ? '' : ` ${errorCode}`;
  const said = errorMsg === undefined ? '' : ` (${shorten(errorMsg, MESSAGE_ECHO_CHARS)})`;
  return new HuaweiCloudError({
    code: codeForStatus(status, errorCode),
    message: `${ctx.operation}: HTTP ${status}${code}${said}${requestIdSuffix(requestId)}`,
    service: ctx.service,
    operation: ctx.operation,
    status,
    errorCode,
    errorMsg,
    requestId,
  });
}

export function networkError(ctx: FailureContext, failure: NetworkFailure, cause: unknown): HuaweiCloudError {
  if (failure.refused !== undefined) return refusedRequestError(ctx, failure.refused.header, cause);
  const what = failure.timeout ? 'timed out' : 'network error';
  const detail = scrub(failure.detail, ctx.secrets);
  return new HuaweiCloudError({
    code: failure.timeout ? 'TIMEOUT' : 'NETWORK',
    message: `${ctx.operation}: ${what} ${failure.label} calling ${ctx.service} (${detail})`,
    service: ctx.service,
    operation: ctx.operation,
    cause,
  });
}

/**
 * undici would not send the request: nothing reached the network, so it is a setup problem. Header values
 * come from configuration and credentials (a token, a project id); the message names the header, never the
 * value, which may be a secret. The cause (undici's error) names only the header too.
 */
function refusedRequestError(
  ctx: FailureContext,
  header: string | undefined,
  cause: unknown,
): HuaweiCloudError {
  const what =
    header === undefined
      ? 'the HTTP client refused the request before sending it (an invalid header name, URL or method)'
      : `the value for the ${header} header is not a valid HTTP header value (a control character such as a line break, or characters outside Latin-1): check the configured value or credential it comes from`;
  return new HuaweiCloudError({
    code: 'CONFIG',
    message: `${ctx.operation}: ${what}`,
    service: ctx.service,
    operation: ctx.operation,
    cause,
  });
}

/**
 * The caller's signal or a deadline ended the operation: the one conversion of an abort into the client's
 * error, for the transport and for the waits the client does itself (operations/abort.ts). `operationMs` is
 * the operation deadline when it was the transport's own; undefined when the caller's deadline ran out.
 */
export function abortError(
  ctx: Pick<FailureContext, 'service' | 'operation'>,
  why: 'aborted' | 'timeout',
  operationMs: number | undefined,
  attempts: number,
  cause: unknown,
): HuaweiCloudError {
  const after = attempts > 0 ? ` after ${attempts} attempt${attempts === 1 ? '' : 's'}` : '';
  const deadline =
    operationMs === undefined ? 'deadline reached' : `operation deadline of ${operationMs} ms exceeded`;
  const message =
    why === 'aborted'
      ? `${ctx.operation}: aborted by the caller${after}`
      : `${ctx.operation}: ${deadline}${after}`;
  return new HuaweiCloudError({
    code: why === 'aborted' ? 'ABORTED' : 'TIMEOUT',
    message,
    service: ctx.service,
    operation: ctx.operation,
    cause,
  });
}

export function tooLargeError(
  ctx: FailureContext,
  status: number,
  limitBytes: number,
  requestId: string | undefined,
): HuaweiCloudError {
  return new HuaweiCloudError({
    code: 'RESPONSE_TOO_LARGE',
    message: `${ctx.operation}: HTTP ${status} response exceeds ${limitBytes} bytes${requestIdSuffix(requestId)}`,
    service: ctx.service,
    operation: ctx.operation,
    status,
    requestId,
  });
}

/**
 * A 2xx body that is not JSON. The parser's error is not kept as the cause: V8 quotes the start of the body
 * in it, and that may be a credential (a metadata answer cut short). The content type says what came instead.
 */
export function invalidResponseError(
  ctx: FailureContext,
  status: number,
  requestId: string | undefined,
  contentType: string | undefined,
): HuaweiCloudError {
  const type = contentType
    ?.replace(/[^\x21-\x7e ]/g, '')
    .trim()
    .slice(0, 64);
  const what = type ? ` (Content-Type ${type})` : '';
  return new HuaweiCloudError({
    code: 'INVALID_RESPONSE',
    message: `${ctx.operation}: HTTP ${status} body is not valid JSON${what}${requestIdSuffix(requestId)}`,
    service: ctx.service,
    operation: ctx.operation,
    status,
    requestId,
  });
}

/** Errors before anything was sent: endpoint, URL or credentials. */
export function setupError(
  ctx: FailureContext,
  code: ErrorCode,
  what: string,
  cause: unknown,
): HuaweiCloudError {
  return new HuaweiCloudError({
    code,
    message: `${ctx.operation}: ${what}`,
    service: ctx.service,
    operation: ctx.operation,
    cause,
  });
}
