// The Transport over undici: one keep-alive Agent (a pool per origin), a deadline per operation, per-service
// admission, and the retry loop. Each attempt is signed afresh (X-Sdk-Date must be current).

import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { Agent } from 'undici';
import { yieldToEventLoop } from '../../runtime/event-loop-turns.js';
import { HuaweiCloudError } from '../errors.js';
import type { ServiceName } from '../observer.js';
import type { CallBudget, ClientOptions } from '../options.js';
import { buildWireUrl } from '../signer.js';
import type { ApiRequest, ApiResponse, Transport } from '../transport-types.js';
import { BudgetHeld, ServiceGates, type WaitCause } from './admission.js';
import { credentialsFor, parseResponse, runAttempt } from './attempt.js';
import type { Authenticator } from './authenticator.js';
import { CallBudgets } from './call-budgets.js';
import {
  DeadlineExceeded,
  type OperationDeadline,
  realSleep,
  type Sleep,
  startDeadline,
} from './deadline.js';
import { abortError, type FailureContext, setupError } from './failures.js';
import type { OperationBudget } from './operation-budget.js';
import { backoffDelayMs, parseRetryAfter, retryReasonFor, throttledDelayMs } from './retry.js';
import { type SafeObserver, safeObserver } from './safe-observer.js';
import { resolveTransportSettings, type TransportSettings } from './settings.js';

/** Budgets a transport remembers having looked up; identities change (rotated keys), so bounded. */
const MAX_FOLLOWED_BUDGETS = 1024;

export interface TransportDeps {
  region: string;
  /** Base URL per service, already resolved (e.g. 'https://swr-api.cn-north-4.myhuaweicloud.com'). */
  endpointFor(service: ServiceName): string;
  /** Adds auth headers. Absent ⇒ requests go unauthenticated. */
  authenticator?: Authenticator | undefined;
  options: ClientOptions;
  /**
   * Whom the cloud counts this client's calls against (see CallBudgets), asked per request: credentials are
   * resolved after the transport exists. `signer` 'assumer': an operation the assumer signs (an agency's
   * securitytokens call), which the cloud counts against the assumer. Default: one identity for the transport.
   */
  identity?: ((signer: 'client' | 'assumer') => string) | undefined;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

interface Runtime {
  deps: TransportDeps;
  settings: TransportSettings;
  agent: Agent;
  gates: ServiceGates;
  observer: SafeObserver;
  now: () => number;
  sleep: Sleep;
  random: () => number;
}

/**
 * The wire URL, built by the signer's own function so the path and query sent are exactly the ones signed.
 * Its CONFIG errors (bad endpoint, unencodable segment) never quote secrets; they get the operation's name.
 */
function resolveUrl(rt: Runtime, ctx: FailureContext, req: ApiRequest): URL {
  try {
    return buildWireUrl(rt.deps.endpointFor(req.service), req.path, req.query ?? []);
  } catch (e) {
    if (e instanceof HuaweiCloudError) {
      if (e.operation !== undefined) throw e;
      throw setupError(ctx, e.code, `${e.message} (service ${req.service})`, undefined);
    }
    // A foreign error is not echoed: it may quote the endpoint, user info included.
    throw setupError(ctx, 'CONFIG', `no usable endpoint for service ${req.service}`, undefined);
  }
}

/** An abort or deadline that interrupted a wait, as the operation's error. */
function interrupted(
  ctx: FailureContext,
  deadline: OperationDeadline,
  attempts: number,
  e: unknown,
): unknown {
  const why = deadline.abortCause() ?? (e instanceof DeadlineExceeded ? 'timeout' : undefined);
  if (why === undefined) return e;
  return abortError(ctx, why, deadline.operationMs, attempts, deadline.abortReason() ?? e);
}

async function sendWithRetries(
  rt: Runtime,
  req: ApiRequest,
  url: URL,
  deadline: OperationDeadline,
): Promise<ApiResponse> {
  const { service, operation } = req;
  const ctx: FailureContext = { service, operation, secrets: [] };
  const gate = rt.gates.for(service);
  const { retries } = rt.settings;
  let invalidated = false;

  const budget = gate.budget(operation);

  for (let attempt = 1; ; attempt++) {
    let release: () => boolean;
    try {
      const admission = {
        deadline,
        sleep: rt.sleep,
        onWaited: (cause: WaitCause, waitedMs: number) =>
          rt.observer.waited({ service, operation, cause, waitedMs }),
      };
      // The first attempt's budget was waited for before the deadline started (send()).
      // Credential requests bypass the concurrency slot: the request they sign for may hold it.
      const forCredentials = req.auth === 'none' || req.auth === 'assumer';
      release = await gate.enter(operation, admission, attempt === 1, forCredentials);
    } catch (e) {
      throw interrupted(ctx, deadline, attempt - 1, e);
    }

    const report = { sent: false, status: 0, errorCode: undefined as string | undefined };
    const startedAt = rt.now();
    let result: Awaited<ReturnType<typeof runAttempt>>;
    let handedOver = false;
    try {
      result = await runAttempt(ctx, req, url, attempt, {
        dispatcher: rt.agent,
        authenticator: rt.deps.authenticator,
        maxResponseBytes: rt.settings.maxResponseBytes,
        deadline,
        report,
      });
    } finally {
      handedOver = release();
      if (report.sent) {
        const durationSeconds = Math.max(0, rt.now() - startedAt) / 1000;
        const { status, errorCode } = report;
        rt.observer.requestDone({ service, operation, status, errorCode, durationSeconds, attempt });
      }
    }
    if (result.ok) {
      budget.answered();
      // The slot went to a waiting request: let it reach the wire before this answer is parsed and handed
      // on, so the connection is not left idle while the event loop works through our JSON.
      if (handedOver) await nextMacrotask();
      // Parsing a big page takes a while: within the process's turn budget, so answers that arrive together
      // are parsed over several turns instead of holding the loop for all of them at once.
      await yieldToEventLoop();
      return parseResponse(ctx, req, result.response);
    }

    const { error, failure } = result;
    if (failure.kind === 'status' && failure.status === 401 && !invalidated && req.auth !== 'none') {
      // Cached credentials may be stale (rotated AK, expired token); the next operation starts fresh.
      invalidated = true;
      const authenticator = rt.deps.authenticator;
      try {
        // The assumer's 401 is about its own credentials, not the agency's keys.
        if (authenticator !== undefined) credentialsFor(req, authenticator).invalidate();
      } catch {
        // The 401 is the error worth reporting.
      }
      // Agency keys are re-issued on demand and each issue is a new AK, so one more attempt risks no lock-out:
      // it goes through (the keys were dropped early) or fails with IAM's refusal, naming account and agency.
      if (req.auth !== 'assumer' && authenticator?.assumer !== undefined) continue;
    }

    const reason = attempt <= retries.max ? retryReasonFor(failure, req.method) : undefined;
    const retryAfterMs = parseRetryAfter(result.retryAfter, rt.now());
    if (failure.kind === 'status' && failure.status === 429) {
      // Remembered past this operation: a Retry-After of an hour also holds the next refresh's calls.
      budget.throttled(retryAfterMs);
      rt.observer.throttled({ service, operation, retryAfter: retryAfterMs !== undefined });
    }
    if (reason === undefined) throw error;

    const delayMs =
      retryAfterMs ??
      (reason === 'throttled'
        ? throttledDelayMs(retries, rt.random)
        : backoffDelayMs(attempt, retries, rt.random));
    // Sleeping past the deadline would only end in a timeout; the upstream's answer is the better error.
    if (deadline.wouldPass(delayMs)) throw error;
    rt.observer.retry({ service, operation, reason, attempt: attempt + 1, delayMs });
    if (delayMs > 0) {
      try {
        await rt.sleep(delayMs, deadline.signal);
      } catch (e) {
        throw interrupted(ctx, deadline, attempt, e);
      }
    }
  }
}

/**
 * Waits for the first attempt's place in the operation's call budget, bounded by the caller's signal only:
 * pacing at a quota of a few calls a minute takes longer than any one operation may. A Retry-After hold longer
 * than the operation timeout is not waited out: the call fails at once, unsent.
 */
async function pace(rt: Runtime, ctx: FailureContext, req: ApiRequest): Promise<void> {
  const { service, operation } = req;
  try {
    await rt.gates.for(service).pace(operation, {
      signal: req.signal,
      sleep: rt.sleep,
      maxHoldMs: rt.settings.timeouts.operationMs,
      onWaited: (cause, waitedMs) => rt.observer.waited({ service, operation, cause, waitedMs }),
    });
  } catch (e) {
    if (e instanceof BudgetHeld) {
      const until = new Date(rt.now() + e.heldForMs).toISOString();
      throw setupError(ctx, 'THROTTLED', `not sent: ${e.message}, until ${until}`, undefined);
    }
    if (req.signal?.aborted) {
      throw abortError(ctx, 'aborted', rt.settings.timeouts.operationMs, 0, req.signal.reason);
    }
    throw e;
  }
}

export function createTransport(deps: TransportDeps): Transport {
  const settings = resolveTransportSettings(deps.options);
  const now = deps.now ?? Date.now;
  const { timeouts } = settings;
  const observer = safeObserver(deps.options.observer);
  // Without a shared registry (a client on its own) the budgets live as long as this transport.
  const budgets = deps.options.budgets ?? new CallBudgets();
  const identity = deps.identity ?? (() => '');
  // The budgets operations declare (ApiRequest.budget), as their requests come by: a budget is looked up by
  // service and operation deep in admission, where the request is no longer at hand.
  const declared = new Map<string, CallBudget>();
  const declaredKey = (service: string, operation: string) => `${service}\u0000${operation}`;
  // Operations the assumer signs, for the same reason: their budget is the assumer's.
  const assumerSigned = new Set<string>();
  const followed = new Map<string, OperationBudget>();
  const rt: Runtime = {
    deps,
    settings,
    // One Agent keeps a keep-alive Pool per origin; its timeouts bound each phase of every attempt.
    agent: new Agent({
      connect: { timeout: timeouts.connectMs },
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
    }),
    gates: new ServiceGates(
      settings.limitsFor,
      (service, operation) => {
        // Looked up twice per call; this transport's limits never change, so once per identity and operation
        // is enough (a reload builds a new transport, whose first lookup re-rates the shared budget).
        const signer = assumerSigned.has(declaredKey(service, operation)) ? 'assumer' : 'client';
        const who = identity(signer);
        const key = `${who}\u0000${declaredKey(service, operation)}`;
        let budget = followed.get(key);
        if (budget === undefined) {
          budget = budgets.budget(
            { identity: who, region: deps.region, service, operation },
            settings.budgetFor(service, operation, declared.get(declaredKey(service, operation))),
            now,
            (ratePerSecond) => observer.budget({ region: deps.region, service, operation, ratePerSecond }),
          );
          if (followed.size >= MAX_FOLLOWED_BUDGETS) followed.clear();
          followed.set(key, budget);
        }
        return budget;
      },
      now,
    ),
    observer,
    now,
    sleep: deps.sleep ?? realSleep,
    random: deps.random ?? Math.random,
  };
  let closed = false;

  return {
    async send(req) {
      const ctx: FailureContext = { service: req.service, operation: req.operation, secrets: [] };
      if (req.budget !== undefined) declared.set(declaredKey(req.service, req.operation), req.budget);
      if (req.auth === 'assumer') assumerSigned.add(declaredKey(req.service, req.operation));
      if (closed) throw setupError(ctx, 'ABORTED', 'the transport is closed', undefined);
      if (req.signal?.aborted) throw abortError(ctx, 'aborted', timeouts.operationMs, 0, req.signal.reason);
      // A request that cannot be built takes no place in the budget.
      const url = resolveUrl(rt, ctx, req);
      await pace(rt, ctx, req);
      const deadline = startDeadline(timeouts.operationMs, req.signal, now);
      try {
        return await sendWithRetries(rt, req, url, deadline);
      } finally {
        deadline.dispose();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await rt.agent.close();
    },
  };
}
