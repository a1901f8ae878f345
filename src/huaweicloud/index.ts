// Public surface of the Huawei Cloud client. Collectors and the exporter import from here.

export type {
  ApigApi,
  CallOptions,
  ExecutionRef,
  HssApi,
  Listed,
  ListOptions,
  PolicyRef,
  RegionApi,
  SwrApi,
} from './api.js';
export { createRegionApi, type RegionClient } from './client.js';
export { AgencyKeys } from './credentials/agency-keys.js';
export {
  type ErrorCode,
  HuaweiCloudError,
  type HuaweiCloudErrorDetails,
  isHuaweiCloudError,
} from './errors.js';
export { CallBudgets } from './http/call-budgets.js';
export type {
  ApigInstance,
  Gateway,
  HssRegistry,
  IamProject,
  Page,
  SignatureKey,
  SwrInstance,
  SwrRegistry,
  SwrSignExecution,
  SwrSignExecutionTask,
  SwrSignPolicy,
} from './models.js';
export type {
  ClientObserver,
  RequestDoneEvent,
  RetryEvent,
  RetryReason,
  ServiceName,
  ThrottledEvent,
  WaitedEvent,
} from './observer.js';
export type { OperationInfo } from './operations/info.js';
export type { Operation } from './operations/operation.js';
export { createRegionOperations, PROJECT_ID_ENV, type RegionOperationsDeps } from './operations/region.js';
export type { ClientOptions, PasswordCredentials, ServiceLimits, StaticCredentials } from './options.js';
export { DEFAULT_MAX_PAGES } from './pagination.js';
export { Secret, secret } from './secret.js';
export type { ApiRequest, ApiResponse, HttpMethod, Transport } from './transport-types.js';
