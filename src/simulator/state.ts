// Everything one running simulator holds: the world, who may call, faults, the request log and the clocks.
// Its own file so the HTTP server and the control routes it mounts both use it without importing each other.

import type { AgencyRegistry } from './auth/agencies.js';
import type { AkLock } from './auth/ak-lock.js';
import type { Authenticator } from './auth/authenticate.js';
import type { CredentialStore } from './auth/credentials.js';
import type { DeniedActions } from './auth/permissions.js';
import type { FaultController } from './faults.js';
import type { MetadataSettings } from './http/route-types.js';
import type { QuotaEnforcer } from './quotas.js';
import type { RequestLog } from './request-log.js';
import type { TickSummary, World } from './world/types.js';

export interface SimulatorState {
  /** The simulator's own account: its credentials are the ones handed out (AK/SK, passwords, metadata). */
  world: World;
  /** Delegating accounts by domain id: their estates, reached only with keys issued through their agencies. */
  accounts: ReadonlyMap<string, World>;
  agencies: AgencyRegistry;
  credentials: CredentialStore;
  lock: AkLock;
  authenticator: Authenticator;
  /** IAM actions taken away from credentials (403 like a policy without them). */
  denied: DeniedActions;
  faults: FaultController;
  /** Calls per user and API (Huawei's flow control); checked after authentication. */
  quotas: QuotaEnforcer;
  log: RequestLog;
  metadata: MetadataSettings;
  /** Wall clock for X-Sdk-Date and credential expiry (ticking the world does not move it). */
  clock: () => number;
  /** Brings the world clock up to date when time moves on its own; called before every request. */
  advanceWorld(): void;
  /** Moves the world forward by `seconds` (control API). */
  tickWorld(seconds: number): TickSummary;
  /** Aborted on close: ends latency sleeps and drips. */
  closing: AbortSignal;
}
