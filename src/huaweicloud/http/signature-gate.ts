// Huawei locks an access key for 5 minutes after 5 failed signatures in a row, for every user of that key
// (API notes §2.6). A scrape fans out over regions × collectors, each region with its own client, so a wrong
// SK would send a burst of doomed requests at once and lock the key within one scrape. The gate is shared by
// every client of the process and keyed by the access key: while a key is unproven — first use, or its last
// answer was a 401 — one request goes out and the others wait for its answer. When that one is rejected the
// waiting ones fail here, unsent. So a key costs at most one rejected signature per wave of requests, however
// many regions and collectors share it.

import { accessKeyId } from '../key-id.js';
import { untilAborted } from '../until-aborted.js';

/** What the answer to a signed request says about its key: 401 rejected it, any other status accepted it. */
export type SignatureOutcome = 'accepted' | 'rejected' | 'unknown';

export interface GatePass {
  /** Reports the HTTP status of the attempt (0 when no answer arrived); call exactly once. */
  settle(status: number): void;
}

/** Raised for a request held back because the key was rejected while it waited; never sent. */
export class SignatureRejectedElsewhere extends Error {
  override readonly name = 'SignatureRejectedElsewhere';
  constructor() {
    super('the access key was rejected (HTTP 401) by a request sent just before this one');
  }
}

interface KeyState {
  trusted: boolean;
  /** The one request in flight for an unproven key, and its outcome once it has one. */
  probe: Promise<SignatureOutcome> | undefined;
}

/** Keys kept at most; temporary keys from ECS metadata rotate, so old ones must not pile up. */
const MAX_KEYS = 256;
const NO_GATE: GatePass = { settle() {} };

export function outcomeOf(status: number): SignatureOutcome {
  if (status === 0) return 'unknown';
  return status === 401 ? 'rejected' : 'accepted';
}

/** The AK of an SDK-HMAC-SHA256 Authorization header; undefined for token auth or unsigned requests. */
export function accessKeyOf(headers: Readonly<Record<string, string>>): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'authorization') return /\bAccess=([^,\s]+)/.exec(value)?.[1];
  }
  return undefined;
}

export class SignatureGate {
  readonly #keys = new Map<string, KeyState>();

  /**
   * Admits one signed request. Resolves at once for a trusted key; for an unproven key makes this request
   * the probe, or waits for the probe in flight. Rejects with SignatureRejectedElsewhere when the probe it
   * waited for was rejected, and with the signal's reason when the signal aborts the wait.
   */
  async enter(accessKey: string | undefined, signal: AbortSignal): Promise<GatePass> {
    if (accessKey === undefined) return NO_GATE;
    const id = accessKeyId(accessKey);
    for (;;) {
      const state = this.#state(id);
      if (state.trusted) return this.#pass(state, undefined);
      if (state.probe === undefined) {
        let finish: (outcome: SignatureOutcome) => void = () => {};
        state.probe = new Promise<SignatureOutcome>((resolve) => {
          finish = resolve;
        });
        return this.#pass(state, finish);
      }
      const outcome = await untilAborted(state.probe, signal);
      if (outcome === 'rejected') throw new SignatureRejectedElsewhere();
      // accepted: the key is trusted now; unknown (no answer): one of the waiting requests probes next.
    }
  }

  #pass(state: KeyState, finishProbe: ((outcome: SignatureOutcome) => void) | undefined): GatePass {
    let settled = false;
    return {
      settle: (status) => {
        if (settled) return;
        settled = true;
        const outcome = outcomeOf(status);
        if (outcome !== 'unknown') state.trusted = outcome === 'accepted';
        if (finishProbe !== undefined) {
          state.probe = undefined;
          finishProbe(outcome);
        }
      },
    };
  }

  #state(id: string): KeyState {
    let state = this.#keys.get(id);
    if (state === undefined) {
      state = { trusted: false, probe: undefined };
      this.#keys.set(id, state);
      this.#evictIdle();
    }
    return state;
  }

  #evictIdle(): void {
    for (const [id, state] of this.#keys) {
      if (this.#keys.size <= MAX_KEYS) return;
      if (state.probe === undefined) this.#keys.delete(id);
    }
  }
}

/** The process-wide gate: every client shares it, because Huawei's lock is per key, not per client. */
export const sharedSignatureGate = new SignatureGate();
