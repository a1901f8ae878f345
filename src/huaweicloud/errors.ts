// One error type for everything the client can fail with. `code` is stable (metrics, tests and logs key on
// it); `message` is for people and never carries a secret. Upstream details are kept as fields.

export type ErrorCode =
  | 'HTTP_ERROR' // non-2xx answer not covered below
  | 'AUTH_FAILED' // 401/403: never retried (Huawei locks an AK after 5 failed signatures)
  | 'THROTTLED' // 429 that outlived the retries
  | 'NOT_FOUND' // 404: the resource is gone (any 404 but the gateway's "no such API")
  | 'NO_SUCH_API' // 404 APIG.0101/APIGW.0101: the gateway has no such API (wrong endpoint, path or region)
  | 'NETWORK' // connection refused/reset, DNS, TLS
  | 'TIMEOUT' // connect/header/body timeout or the operation deadline
  | 'ABORTED' // the caller's signal aborted
  | 'INVALID_RESPONSE' // body is not JSON or breaks the schema
  | 'RESPONSE_TOO_LARGE'
  | 'PAGINATION' // page cap hit or an inconsistent paging answer
  | 'CREDENTIALS' // no usable credentials, metadata/IAM failure
  | 'CONFIG'; // bad endpoint/region/options given to the client

export interface HuaweiCloudErrorDetails {
  code: ErrorCode;
  message: string;
  service?: string | undefined;
  operation?: string | undefined;
  status?: number | undefined;
  /** Huawei `error_code` (e.g. `APIGW.0301`, `SVCSTG.SWR.4000014`, `HSS.0001`). */
  errorCode?: string | undefined;
  /** Huawei `error_msg`. */
  errorMsg?: string | undefined;
  /** `X-Request-Id` response header, else `request_id` from the body. */
  requestId?: string | undefined;
  cause?: unknown;
}

export class HuaweiCloudError extends Error {
  override readonly name = 'HuaweiCloudError';
  readonly code: ErrorCode;
  readonly service: string | undefined;
  readonly operation: string | undefined;
  readonly status: number | undefined;
  readonly errorCode: string | undefined;
  readonly errorMsg: string | undefined;
  readonly requestId: string | undefined;

  constructor(d: HuaweiCloudErrorDetails) {
    super(d.message, d.cause === undefined ? undefined : { cause: d.cause });
    this.code = d.code;
    this.service = d.service;
    this.operation = d.operation;
    this.status = d.status;
    this.errorCode = d.errorCode;
    this.errorMsg = d.errorMsg;
    this.requestId = d.requestId;
  }
}

export function isHuaweiCloudError(e: unknown): e is HuaweiCloudError {
  return e instanceof HuaweiCloudError;
}
