// The seam between the HTTP layer (http.ts: signing, retries, limits) and the typed operations
// (operations/*.ts: paths, pagination, schemas). Operations describe a request; the transport owns the wire.

import type { ServiceName } from './observer.js';
import type { CallBudget } from './options.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ApiRequest {
  service: ServiceName;
  /** Huawei's operation name, e.g. 'ListInstanceSignPolicyExecutions'; used in errors and observer events. */
  operation: string;
  method: HttpMethod;
  /** Decoded path segments, e.g. ['v2', projectId, 'instances', id]; the transport encodes each one strictly. */
  path: readonly string[];
  /** Decoded query pairs; the transport sends the canonical (sorted, encoded) query string as the wire query. */
  query?: ReadonlyArray<readonly [string, string]> | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
  body?: string | undefined;
  /** Adds the signed `X-Project-Id` header. */
  projectId?: string | undefined;
  /**
   * 'none': send without credentials (IAM password token request, ECS metadata). 'assumer': with the
   * credentials that assume an agency (Authenticator.assumer), to ask IAM for the agency's temporary keys.
   */
  auth?: 'default' | 'none' | 'assumer' | undefined;
  /**
   * How a 2xx body is read. 'json' (default): parsed into `json`; a body that is not JSON is INVALID_RESPONSE.
   * 'text': not parsed (`json` stays undefined); for plain-text answers such as the ECS metadata session token.
   */
  expect?: 'json' | 'text' | undefined;
  signal?: AbortSignal | undefined;
  /** The operation's declared default call budget (OperationInfo.budget); configured limits override it. */
  budget?: CallBudget | undefined;
}

export interface ApiResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON body (undefined for an empty body, and when the request expected 'text'). */
  json: unknown;
  /** The raw body decoded as UTF-8 ('' when empty); bounded by the same size cap as `json`. */
  text: string;
  requestId: string | undefined;
}

export interface Transport {
  /** Sends with retries; resolves only for 2xx, otherwise throws HuaweiCloudError. */
  send(req: ApiRequest): Promise<ApiResponse>;
  close(): Promise<void>;
}
