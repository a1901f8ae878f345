// Reading Huawei's error bodies (API notes §4.6, §2.6). Services disagree on the shape:
//   {error_code, error_msg, request_id?}                        APIGW, HSS, APIG
//   {code, message}                                             some services and gateways
//   {errors:[{errorCode, errorMessage}], error_code, error_msg}  SWR (both at once)
//   {"error": {code, message, title}}                           IAM, nested one level
//   plain text                                                  ECS metadata ("Please configure Cloud
//                                                               Service Agency first"): the message itself
// HTML from a proxy, JSON that is broken or not an object yield nothing: the error carries the status only.

export interface ErrorBodyFields {
  errorCode: string | undefined;
  errorMsg: string | undefined;
  requestId: string | undefined;
}

const NOTHING: ErrorBodyFields = { errorCode: undefined, errorMsg: undefined, requestId: undefined };

/** Huawei messages may echo a whole canonical request; keep the stored copy bounded. */
export const MAX_ERROR_MSG_CHARS = 512;
const MAX_CODE_CHARS = 128;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A printable scalar, single-lined and bounded; numbers count (IAM's `code` is numeric). */
function text(v: unknown, max: number): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const s = String(v).replace(/\s+/g, ' ').trim();
  if (s === '') return undefined;
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The code/message pair of one object, trying each naming in turn. */
function pairOf(o: Json): { code: string | undefined; msg: string | undefined } {
  const namings: [string, string][] = [
    ['error_code', 'error_msg'],
    ['code', 'message'],
    ['errorCode', 'errorMessage'],
  ];
  for (const [codeKey, msgKey] of namings) {
    const code = text(o[codeKey], MAX_CODE_CHARS);
    const msg = text(o[msgKey], MAX_ERROR_MSG_CHARS);
    if (code !== undefined || msg !== undefined) return { code, msg };
  }
  return { code: undefined, msg: undefined };
}

function requestIdOf(o: Json): string | undefined {
  return text(o.request_id, MAX_CODE_CHARS) ?? text(o.requestId, MAX_CODE_CHARS);
}

/** Objects one level down: `{"error":{…}}` and the first element of SWR's `errors` array. */
function nestedObjects(o: Json): Json[] {
  const out: Json[] = [];
  for (const value of Object.values(o)) {
    if (isObject(value)) out.push(value);
    else if (Array.isArray(value) && isObject(value[0])) out.push(value[0]);
  }
  return out;
}

export function parseErrorFields(body: unknown): ErrorBodyFields {
  if (!isObject(body)) return NOTHING;
  let { code, msg } = pairOf(body);
  let requestId = requestIdOf(body);
  for (const inner of nestedObjects(body)) {
    if (code !== undefined && msg !== undefined && requestId !== undefined) break;
    const nested = pairOf(inner);
    // Fill only what the outer level lacked: the top-level pair is the documented one.
    if (code === undefined && msg === undefined) {
      code = nested.code;
      msg = nested.msg;
    }
    requestId ??= requestIdOf(inner);
  }
  return { errorCode: code, errorMsg: msg, requestId };
}

/** What starts markup (HTML, XML) or JSON that is not an object: nothing worth reading as a message. */
const NOT_PLAIN_TEXT = /^[<["]/;

/**
 * Parses an error response body. A plain-text body is the message, as the Go SDK keeps it (the metadata
 * service answers that way); HTML from a proxy and broken or non-object JSON give no fields.
 */
export function parseErrorBody(raw: string): ErrorBodyFields {
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) {
    try {
      return parseErrorFields(JSON.parse(trimmed));
    } catch {
      return NOTHING;
    }
  }
  if (trimmed === '' || NOT_PLAIN_TEXT.test(trimmed)) return NOTHING;
  return { ...NOTHING, errorMsg: text(trimmed, MAX_ERROR_MSG_CHARS) };
}
