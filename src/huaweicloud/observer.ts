// The client reports what it does through this interface so the exporter can count calls without
// src/huaweicloud importing prom-client. Every method is optional and must not throw.

export type ServiceName = 'swr' | 'hss' | 'apig' | 'roma' | 'iam' | 'metadata';

export type RetryReason = 'throttled' | 'server_error' | 'network' | 'timeout';

export interface RequestDoneEvent {
  service: ServiceName;
  operation: string;
  /** HTTP status, or 0 when no response arrived (network error, timeout, abort). */
  status: number;
  /** Huawei error_code when the body carried one. */
  errorCode: string | undefined;
  durationSeconds: number;
  attempt: number;
}

export interface RetryEvent {
  service: ServiceName;
  operation: string;
  reason: RetryReason;
  attempt: number;
  delayMs: number;
}

export interface ThrottledEvent {
  service: ServiceName;
  operation: string;
  /** True when the upstream sent Retry-After and it was honoured. */
  retryAfter: boolean;
}

export interface WaitedEvent {
  service: ServiceName;
  operation: string;
  /** What held the request back before it was sent. */
  cause: 'rate_limit' | 'concurrency';
  waitedMs: number;
}

export interface BudgetEvent {
  region: string;
  service: ServiceName;
  operation: string;
  /** The rate the operation's calls are paced at now, per second (0 = unlimited). */
  ratePerSecond: number;
}

export interface ClientObserver {
  requestDone?(e: RequestDoneEvent): void;
  retry?(e: RetryEvent): void;
  throttled?(e: ThrottledEvent): void;
  waited?(e: WaitedEvent): void;
  /** An operation's call budget was set up or adapted (lowered by a 429, recovering after). */
  budget?(e: BudgetEvent): void;
}
