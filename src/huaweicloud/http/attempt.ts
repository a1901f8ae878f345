// One exchange on the wire: sign, send, read the body under the size cap, and say what happened. The retry
// loop (transport.ts) decides what to do about it.

import type { Dispatcher } from 'undici';
import { HuaweiCloudError } from '../errors.js';
import type { ApiRequest, ApiResponse } from '../transport-types.js';
import type { Authenticator } from './authenticator.js';
import type { OperationDeadline } from './deadline.js';
import { parseErrorBody } from './error-body.js';
import {
  abortError,
  type FailureContext,
  httpError,
  invalidResponseError,
  networkError,
  setupError,
  tooLargeError,
} from './failures.js';
import { classifyNetworkError } from './network-errors.js';
import { BodyTooLarge, readCapped } from './read-body.js';
import { credentialValues, mergeSecrets, scrub } from './redact.js';
import type { AttemptFailure } from './retry.js';
import {
  accessKeyOf,
  type GatePass,
  type SignatureGate,
  SignatureRejectedElsewhere,
  sharedSignatureGate,
} from './signature-gate.js';

/** Error bodies are small; a bigger one is not worth buffering to find an error code. */
const ERROR_BODY_LIMIT_BYTES = 64 * 1024;
const USER_AGENT = 'huaweicloud-exporter';

/** A 2xx answer whose body has been read but not parsed yet: parsing waits until the slot is released. */
export interface ReadResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  headerRequestId: string | undefined;
  contentType: string | undefined;
}

export type AttemptResult =
  | { ok: true; response: ReadResponse }
  | {
      ok: false;
      error: HuaweiCloudError;
      failure: AttemptFailure;
      /** Raw Retry-After header of an HTTP error. */
      retryAfter: string | undefined;
    };

export interface AttemptEnv {
  dispatcher: Dispatcher;
  authenticator: Authenticator | undefined;
  maxResponseBytes: number;
  deadline: OperationDeadline;
  /** Filled with the attempt's outcome for the observer; status 0 when no response arrived. */
  report: { sent: boolean; status: number; errorCode: string | undefined };
  /** Default: the process-wide gate (Huawei's lock is per access key, whichever client signs). */
  signatureGate?: SignatureGate | undefined;
}

/** Headers before authentication: the caller's, plus content type, project id and user agent. */
export function baseHeaders(req: ApiRequest): Record<string, string> {
  const headers: Record<string, string> = { ...req.headers };
  const has = (name: string): boolean => Object.keys(headers).some((k) => k.toLowerCase() === name);
  if (req.body !== undefined && !has('content-type')) headers['content-type'] = 'application/json';
  if (req.projectId !== undefined && !has('x-project-id')) headers['x-project-id'] = req.projectId;
  if (!has('user-agent')) headers['user-agent'] = USER_AGENT;
  return headers;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Observers turn the code into a label: only code-shaped values (APIGW.0301, SVCSTG.SWR.4030170) qualify. */
function metricSafeCode(code: string | undefined): string | undefined {
  return code !== undefined && /^[A-Za-z0-9._-]{1,64}$/.test(code) ? code : undefined;
}

/** A request id is an opaque upstream string; bound and scrub it before it reaches messages and labels. */
function cleanRequestId(value: unknown, secrets: readonly string[]): string | undefined {
  if (typeof value !== 'string') return undefined;
  const id = scrub(value, secrets).replace(/\s+/g, ' ').trim().slice(0, 128);
  return id === '' ? undefined : id;
}

/** The parsed body; `invalid` when it is not JSON (the parser's error quotes the body, so it is dropped). */
function parseJson(raw: string): { value: unknown } | { invalid: true } {
  const text = raw.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { value: undefined };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { invalid: true };
  }
}

async function authenticate(
  ctx: FailureContext,
  req: ApiRequest,
  url: URL,
  env: AttemptEnv,
): Promise<Record<string, string>> {
  const headers = baseHeaders(req);
  if (req.auth === 'none' || env.authenticator === undefined) return headers;
  const authenticator = credentialsFor(req, env.authenticator);
  try {
    return await authenticator.apply(
      { method: req.method, url, headers, body: req.body ?? '' },
      env.deadline.signal,
    );
  } catch (e) {
    if (e instanceof HuaweiCloudError) throw e;
    const why = env.deadline.abortCause();
    if (why !== undefined)
      throw abortError(ctx, why, env.deadline.operationMs, 0, env.deadline.abortReason());
    // Neither the authenticator's message nor the error itself is kept: a foreign error may quote a secret.
    // Its class name is enough to start looking; the credentials layer throws HuaweiCloudError on purpose.
    const kind = e instanceof Error ? e.name : typeof e;
    const source = authenticator.source;
    throw setupError(
      ctx,
      'CREDENTIALS',
      `could not authenticate the request (${source}: ${kind})`,
      undefined,
    );
  }
}

/** The credentials a request goes out with: the client's, or for 'assumer' those that assume its agency. */
export function credentialsFor(req: ApiRequest, authenticator: Authenticator): Authenticator {
  return req.auth === 'assumer' ? (authenticator.assumer ?? authenticator) : authenticator;
}

/** Waits at the signature gate; a request held back because its key was just rejected is AUTH_FAILED. */
async function admitSignature(
  ctx: FailureContext,
  env: AttemptEnv,
  headers: Record<string, string>,
): Promise<GatePass> {
  try {
    return await (env.signatureGate ?? sharedSignatureGate).enter(accessKeyOf(headers), env.deadline.signal);
  } catch (e) {
    if (e instanceof SignatureRejectedElsewhere) {
      throw setupError(
        ctx,
        'AUTH_FAILED',
        `not sent: ${e.message}; Huawei locks an access key after 5 failed signatures in a row`,
        undefined,
      );
    }
    const why = env.deadline.abortCause() ?? 'aborted';
    throw abortError(ctx, why, env.deadline.operationMs, 0, env.deadline.abortReason() ?? e);
  }
}

export async function runAttempt(
  ctx: FailureContext,
  req: ApiRequest,
  url: URL,
  attempt: number,
  env: AttemptEnv,
): Promise<AttemptResult> {
  const headers = await authenticate(ctx, req, url, env);
  const pass = await admitSignature(ctx, env, headers);
  try {
    return await exchange(ctx, req, url, attempt, env, headers);
  } finally {
    pass.settle(env.report.status);
  }
}

async function exchange(
  ctx: FailureContext,
  req: ApiRequest,
  url: URL,
  attempt: number,
  env: AttemptEnv,
  headers: Record<string, string>,
): Promise<AttemptResult> {
  ctx.secrets = credentialValues(headers, req.body);
  let headerRequestId: string | undefined;
  try {
    env.report.sent = true;
    const res = await env.dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: req.method,
      headers,
      body: req.body ?? null,
      signal: env.deadline.signal,
    });
    env.report.status = res.statusCode;
    const resHeaders = flattenHeaders(res.headers);
    // A response may hand out a credential (IAM's X-Subject-Token): it must not be echoed either.
    ctx.secrets = mergeSecrets(ctx.secrets, credentialValues(resHeaders));
    headerRequestId = cleanRequestId(resHeaders['x-request-id'], ctx.secrets);
    const ok = res.statusCode >= 200 && res.statusCode < 300;

    if (!ok) {
      let raw = '';
      try {
        raw = (await readCapped(res.body, ERROR_BODY_LIMIT_BYTES, resHeaders['content-length'])).toString(
          'utf8',
        );
      } catch (e) {
        if (!(e instanceof BodyTooLarge)) throw e;
      }
      const error = httpError(ctx, res.statusCode, parseErrorBody(raw), headerRequestId);
      env.report.errorCode = metricSafeCode(error.errorCode);
      return {
        ok: false,
        error,
        failure: { kind: 'status', status: res.statusCode },
        retryAfter: resHeaders['retry-after'],
      };
    }

    const buf = await readCapped(res.body, env.maxResponseBytes, resHeaders['content-length']);
    return {
      ok: true,
      response: {
        status: res.statusCode,
        headers: resHeaders,
        text: buf.toString('utf8'),
        headerRequestId,
        contentType: resHeaders['content-type'],
      },
    };
  } catch (e) {
    if (e instanceof HuaweiCloudError) throw e;
    const why = env.deadline.abortCause();
    if (why !== undefined)
      throw abortError(ctx, why, env.deadline.operationMs, attempt, env.deadline.abortReason());
    if (e instanceof BodyTooLarge) throw tooLargeError(ctx, env.report.status, e.limitBytes, headerRequestId);
    const failure = classifyNetworkError(e);
    return {
      ok: false,
      error: networkError(ctx, failure, e),
      failure: { kind: 'network', ...failure },
      retryAfter: undefined,
    };
  }
}

/** The JSON of a read 2xx answer; a body that is not JSON is INVALID_RESPONSE (not retried). */
export function parseResponse(ctx: FailureContext, req: ApiRequest, read: ReadResponse): ApiResponse {
  // A plain-text answer (the metadata session token) is only valid where the request said so.
  const parsed = req.expect === 'text' ? { value: undefined } : parseJson(read.text);
  if ('invalid' in parsed) {
    throw invalidResponseError(ctx, read.status, read.headerRequestId, read.contentType);
  }
  const bodyRequestId =
    typeof parsed.value === 'object' && parsed.value !== null
      ? cleanRequestId((parsed.value as { request_id?: unknown }).request_id, ctx.secrets)
      : undefined;
  return {
    status: read.status,
    headers: read.headers,
    json: parsed.value,
    text: read.text,
    requestId: read.headerRequestId ?? bodyRequestId,
  };
}
