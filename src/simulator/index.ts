// Public entry point of the Huawei Cloud simulator: one HTTP listener serving SWR, HSS, APIG, ROMA, IAM and
// ECS metadata under path prefixes, with the control API under /_sim/. Used by tests, benchmarks, the demo and
// the `simulate` CLI sub-command. Imports nothing from src/huaweicloud (independent signature verifier).

import { setMaxListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import { buildAccounts, type DelegatingAccount, type DelegatingAccountSpec } from './accounts.js';
import { AgencyRegistry } from './auth/agencies.js';
import { AkLock } from './auth/ak-lock.js';
import { Authenticator } from './auth/authenticate.js';
import { CredentialStore } from './auth/credentials.js';
import { DeniedActions } from './auth/permissions.js';
import { FaultController, type FaultSpec } from './faults.js';
import { buildServer, SERVICES } from './http/server.js';
import { DOCUMENTED_QUOTAS, QuotaEnforcer, type QuotaTable } from './quotas.js';
import { RequestLog } from './request-log.js';
import type { SimulatorState } from './state.js';
import { DEFAULT_USERS } from './world/generate.js';
import { createWorld } from './world/index.js';
import type { ExecutionOrder, IamUserSpec, ScaleCounts, ScalePreset, World } from './world/types.js';

export type { DelegatingAccount, DelegatingAccountSpec } from './accounts.js';
export type { FaultSpec } from './faults.js';
export { FaultController } from './faults.js';
export { DOCUMENTED_QUOTAS, QuotaEnforcer, type QuotaSpec, type QuotaTable } from './quotas.js';
export type { OperationSummary, RequestLogEntry } from './request-log.js';
export { RequestLog } from './request-log.js';

export const DEFAULT_AK = 'HWSIMULATORAK0000001';
export const DEFAULT_SK = 'SimulatorSecretKey0000000000000000000000';

export interface SimulatorOptions {
  host?: string;
  port?: number;
  seed?: number;
  scale?: ScalePreset | Partial<ScaleCounts>;
  ak?: string;
  sk?: string;
  executionOrder?: ExecutionOrder;
  /** How long an AK stays locked after 5 failed authentications in a row (default 300). */
  lockSeconds?: number;
  /** true: the world clock follows `now` so executions start/finish and health flips on their own. */
  tick?: boolean;
  /** Wall clock (epoch ms) for X-Sdk-Date checks, token expiry and the world; default Date.now. */
  now?: () => number;
  /**
   * Calls per user and API within a sliding window, keyed by target like faults. Default: the documented
   * quotas (DOCUMENTED_QUOTAS: HSS 5 calls/minute); `{}` enforces none.
   */
  quotas?: QuotaTable;
  /** Faults from the start, keyed by target ('swr.ListInstance', 'hss.*', '*'). */
  faults?: Record<string, FaultSpec>;
  /** IAM password users (default sim-user / sim-password in domain sim-domain). */
  users?: IamUserSpec[];
  regionNames?: string[];
  /** Lifetime of the temporary AK/SK handed out by the metadata endpoint (default 3600). */
  temporaryCredentialSeconds?: number;
  /** Serve records with the variety a real cloud sends (WorldOptions.variety); default false. */
  variety?: boolean;
  /** Further accounts whose agencies the own account may assume, each with its own estate (default none). */
  accounts?: DelegatingAccountSpec[];
}

export type ServiceEndpoint = (typeof SERVICES)[number];

export interface SimulatorHandle {
  /** http://host:port (no trailing slash). */
  url: string;
  /** Base URL per service, e.g. endpoints.swr = http://127.0.0.1:PORT/swr. */
  endpoints: Record<ServiceEndpoint, string>;
  credentials: { ak: string; sk: string };
  regions: Array<{ name: string; projectId: string }>;
  world: World;
  /** The delegating accounts (SimulatorOptions.accounts), in the order given. */
  accounts: DelegatingAccount[];
  faults: FaultController;
  /** The flow control in force, and the calls it refused. */
  quotas: QuotaEnforcer;
  requestLog: RequestLog;
  /** Moves the world forward (same as POST /_sim/time/tick). */
  tick(seconds: number): void;
  close(): Promise<void>;
}

function checkOptions(opts: SimulatorOptions): void {
  const { port, lockSeconds, ak, sk, temporaryCredentialSeconds } = opts;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new RangeError(`simulator option port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  if (lockSeconds !== undefined && (!Number.isFinite(lockSeconds) || lockSeconds < 0)) {
    throw new RangeError(`simulator option lockSeconds must be a number ≥ 0, got ${String(lockSeconds)}`);
  }
  if (temporaryCredentialSeconds !== undefined && !(temporaryCredentialSeconds >= 60)) {
    throw new RangeError('simulator option temporaryCredentialSeconds must be at least 60');
  }
  // The values are credentials: name the option, never echo it.
  if (ak !== undefined && !/^[A-Za-z0-9]{1,128}$/.test(ak)) {
    throw new RangeError('simulator option ak must be 1 to 128 letters or digits');
  }
  if (sk !== undefined && (sk.length === 0 || sk.length > 256)) {
    throw new RangeError('simulator option sk must be 1 to 256 characters');
  }
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<SimulatorHandle> {
  checkOptions(opts);
  const clock = opts.now ?? Date.now;
  const ak = opts.ak ?? DEFAULT_AK;
  const sk = opts.sk ?? DEFAULT_SK;
  const world = createWorld({
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    ...(opts.scale === undefined ? {} : { scale: opts.scale }),
    ...(opts.executionOrder === undefined ? {} : { executionOrder: opts.executionOrder }),
    ...(opts.users === undefined ? {} : { users: opts.users }),
    ...(opts.regionNames === undefined ? {} : { regionNames: opts.regionNames }),
    ...(opts.variety === undefined ? {} : { variety: opts.variety }),
    nowMs: clock(),
  });
  const agencies = new AgencyRegistry();
  const accounts = buildAccounts(
    opts.accounts ?? [],
    {
      seed: world.seed,
      nowMs: clock(),
      own: world,
      ...(opts.scale === undefined ? {} : { scale: opts.scale }),
      ...(opts.regionNames === undefined ? {} : { regionNames: opts.regionNames }),
      ...(opts.variety === undefined ? {} : { variety: opts.variety }),
    },
    agencies,
  );
  const worlds = [world, ...accounts.map((account) => account.world)];
  const credentials = new CredentialStore({
    ak,
    sk,
    // The permanent AK is the first password user's, so mixing AK and token calls shares their quota.
    owner: `user:${(opts.users ?? DEFAULT_USERS)[0]?.name ?? 'sim-user'}`,
    now: clock,
    ...(opts.temporaryCredentialSeconds === undefined
      ? {}
      : { temporaryLifetimeSeconds: opts.temporaryCredentialSeconds }),
  });
  const lock = new AkLock({
    now: clock,
    ...(opts.lockSeconds === undefined ? {} : { lockSeconds: opts.lockSeconds }),
  });
  const faults = new FaultController(world.seed, opts.faults);
  const quotas = new QuotaEnforcer(opts.quotas ?? DOCUMENTED_QUOTAS, clock);
  const requestLog = new RequestLog();
  const closing = new AbortController();
  // Every request waiting out its latency listens on it: hundreds at once is normal, not a leak.
  setMaxListeners(0, closing.signal);
  // World time = wall clock + whatever the control API added; it only follows the wall clock in tick mode.
  let offsetMs = 0;
  const tickWorld = (seconds: number) => {
    offsetMs += seconds * 1000;
    const target = opts.tick ? clock() + offsetMs : world.now() + seconds * 1000;
    for (const other of accounts) other.world.tick(Math.max(target, other.world.now()));
    return world.tick(Math.max(target, world.now()));
  };
  const state: SimulatorState = {
    world,
    accounts: new Map(accounts.map((account) => [account.domainId, account.world])),
    agencies,
    credentials,
    lock,
    authenticator: new Authenticator({ credentials, lock, now: clock }),
    denied: new DeniedActions(),
    faults,
    quotas,
    log: requestLog,
    metadata: { agency: true },
    clock,
    advanceWorld: () => {
      if (opts.tick) for (const each of worlds) each.tick(clock() + offsetMs);
    },
    tickWorld,
    closing: closing.signal,
  };
  const app = buildServer(state);
  await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const endpoints = Object.fromEntries(SERVICES.map((service) => [service, `${url}/${service}`])) as Record<
    ServiceEndpoint,
    string
  >;
  return {
    url,
    endpoints,
    credentials: { ak, sk },
    regions: world.regions.map((region) => ({ name: region.name, projectId: region.projectId })),
    world,
    accounts,
    faults,
    quotas,
    requestLog,
    tick: (seconds) => {
      tickWorld(seconds);
    },
    close: async () => {
      closing.abort();
      await app.close();
    },
  };
}
