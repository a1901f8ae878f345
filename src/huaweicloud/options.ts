// Everything the client can be told. The exporter's config maps onto this; defaults live in defaults below
// so the client is usable on its own (tests, scripts).

import type { CallBudgets } from './http/call-budgets.js';
import type { ClientObserver, ServiceName } from './observer.js';
import type { Secret } from './secret.js';

export interface StaticCredentials {
  kind: 'aksk';
  ak: Secret;
  sk: Secret;
  securityToken?: Secret | undefined;
}

export interface PasswordCredentials {
  kind: 'password';
  user: string;
  password: Secret;
  domain: string;
}

/**
 * An IAM agency to assume (Huawei's assume-role): the exporter's own credentials (explicit or the chain's)
 * belong to the monitoring account, which obtains temporary AK/SK for the delegating account through
 * POST /v3.0/OS-CREDENTIAL/securitytokens (docs/apis/iam-agency.md). Every request then goes out signed with
 * those keys and their X-Security-Token.
 */
/** Huawei's range for an agency's duration_seconds (15 min – 24 h); its own default, 900, would renew every
 *  7.5 min. */
export const AGENCY_DURATION_SECONDS = { min: 900, max: 86_400, default: 3600 } as const;

export interface AgencyAssumption {
  /** The delegating account's name; this or domainId (both: IAM checks they match). */
  domainName?: string | undefined;
  /** The delegating account's id. */
  domainId?: string | undefined;
  /** The agency the delegating account created for the monitoring account. */
  agencyName: string;
  /** Lifetime asked for the temporary keys, 900–86400 s (Huawei's range). Default 3600. */
  durationSeconds?: number | undefined;
}

/** One operation's call budget: a token bucket (Huawei's quotas are per user and API). */
export interface CallBudget {
  /** Calls per second, per operation (0 = unlimited). */
  ratePerSecond: number;
  /** Calls that may go back to back after a quiet spell. */
  burst: number;
}

export interface ServiceLimits extends CallBudget {
  /** Requests in flight at once to this service. */
  concurrency: number;
  /** Budgets of single operations (by Huawei's operation name, e.g. ListRegistry) that differ from the service's. */
  operations?: Readonly<Record<string, Partial<CallBudget>>> | undefined;
}

export interface ClientOptions {
  region: string;
  /** Known project id; resolved from the region name through IAM when absent. */
  projectId?: string | undefined;
  /**
   * Ignore a project id that comes with the credentials (env, credentials file) or HUAWEICLOUD_SDK_PROJECT_ID:
   * it names one region's project, so when several regions share the credentials each resolves its own.
   * Default false.
   */
  regionalProjectIdOnly?: boolean | undefined;
  /** Per-service base URL overrides, e.g. { swr: 'http://127.0.0.1:8080' }. */
  endpoints?: Partial<Record<ServiceName, string>> | undefined;
  /**
   * Explicit credentials. When absent the chain is used: environment → credentials file → ECS metadata.
   */
  credentials?: StaticCredentials | PasswordCredentials | undefined;
  /** Assume this agency with the credentials above; requests then act in the delegating account. */
  assume?: AgencyAssumption | undefined;
  /** Consult the credentials chain (env, file, metadata). Default true. */
  credentialChain?: boolean | undefined;
  timeouts?:
    | Partial<{ connectMs: number; headersMs: number; bodyMs: number; operationMs: number }>
    | undefined;
  retries?: Partial<{ max: number; baseDelayMs: number; maxDelayMs: number }> | undefined;
  maxResponseBytes?: number | undefined;
  limits?: Partial<Record<ServiceName, Partial<ServiceLimits>>> | undefined;
  /**
   * Exporter replicas calling with the same credential: they share the cloud's quota, so every call budget is
   * divided by this (default 1).
   */
  replicas?: number | undefined;
  /**
   * Where call budgets live. The exporter passes one registry for the process, so a reload's new clients keep
   * the budgets (Retry-After holds, throttled rates, spent bursts) of the ones they replace. Default: budgets
   * private to this client.
   */
  budgets?: CallBudgets | undefined;
  /** Hard cap on pages per list operation. */
  maxPages?: number | undefined;
  observer?: ClientObserver | undefined;
  /**
   * The clock call budgets and retry waits run on (tests and simulations pass a virtual one, so pacing at a few
   * calls a minute takes no real time). Default: the wall clock.
   */
  clock?: { now(): number; sleep(ms: number, signal?: AbortSignal): Promise<void> } | undefined;
  /** Environment to read credentials from (tests pass their own). Default process.env. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}
