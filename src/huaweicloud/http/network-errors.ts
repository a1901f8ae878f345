// Sorting the errors undici and node:net throw into what the transport needs to know: is it a timeout, did
// the request possibly reach the server, is another attempt worth it, or did undici refuse the request itself.

export interface NetworkFailure {
  /** The system or undici error code (e.g. ECONNRESET, UND_ERR_SOCKET), or the error's name. */
  label: string;
  timeout: boolean;
  /** The connection never opened, so the server cannot have seen the request. */
  beforeSend: boolean;
  retryable: boolean;
  /** Short, secret-free description for an error message. */
  detail: string;
  /**
   * undici refused to send our own request (UND_ERR_INVALID_ARG): a setup problem such as a configured value
   * that cannot go in a header, not a network one. `header` names the header when undici said which.
   */
  refused?: { header: string | undefined } | undefined;
}

const CONNECT_PHASE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const TIMEOUTS = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

const RETRYABLE_SYSTEM = new Set([
  ...CONNECT_PHASE,
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** undici codes that describe our own request or a shut-down client; repeating would fail the same way. */
const NOT_RETRYABLE_UNDICI = new Set([
  'UND_ERR_ABORTED',
  'UND_ERR_INVALID_ARG',
  'UND_ERR_INVALID_RETURN_VALUE',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_DESTROYED',
  'UND_ERR_CLOSED',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_EXCEEDED_MAX_SIZE',
]);

function codeOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : 'unknown error';
}

/** undici's "invalid <name> header" (its message names the header, never the value). */
const INVALID_HEADER = /^invalid ([!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}) header$/;

function refusal(code: string, message: string): NetworkFailure['refused'] {
  if (code !== 'UND_ERR_INVALID_ARG') return undefined;
  return { header: INVALID_HEADER.exec(message)?.[1] };
}

export function classifyNetworkError(error: unknown): NetworkFailure {
  // undici sometimes wraps the socket's own error (e.g. SocketError caused by ECONNRESET).
  const cause = error instanceof Error ? error.cause : undefined;
  const code = codeOf(error) ?? codeOf(cause);
  const label = code ?? (error instanceof Error ? error.name : 'Error');
  const detail = messageOf(error).replace(/\s+/g, ' ').slice(0, 160);
  if (code === undefined) {
    return { label, timeout: false, beforeSend: false, retryable: false, detail };
  }
  const retryable =
    RETRYABLE_SYSTEM.has(code) || (code.startsWith('UND_ERR_') && !NOT_RETRYABLE_UNDICI.has(code));
  const refused = refusal(code, messageOf(error));
  if (refused !== undefined)
    return { label, timeout: false, beforeSend: true, retryable: false, detail, refused };
  return { label, timeout: TIMEOUTS.has(code), beforeSend: CONNECT_PHASE.has(code), retryable, detail };
}
