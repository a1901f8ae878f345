// One set of an agency's temporary keys for the whole process (docs/accounts.md): every client of the same
// delegating account — one per region — and a reload's new clients sign with the same keys, so IAM issues them
// once per account and key lifetime rather than once per region, a reload does not ask again, and a refused
// agency is held (not asked for again for 5 minutes) for all its regions at once. Keyed by who assumes (the
// assumer's identity, never a secret) and what (account, agency, lifetime), like CallBudgets.

import type { AgencyAssumption } from '../options.js';
import { AgencyKeySource } from './agency.js';
import { type AccessKeySource, type Authenticator, credentialsError, type Send } from './common.js';

interface Shared {
  keys: AgencyKeySource;
  /** The clients still open that may ask IAM: the newest is used (a reload's replace the old ones). */
  senders: Send[];
}

export interface AcquiredKeys {
  keys: AccessKeySource;
  /** The client is closing: its `send` is no longer used; the keys are dropped when no client holds them. */
  release(): void;
}

export class AgencyKeys {
  readonly #shared = new Map<string, Shared>();

  acquire(assumer: Authenticator, a: AgencyAssumption, send: Send, now: () => number): AcquiredKeys {
    const id = JSON.stringify([
      assumer.identity ?? assumer.source,
      a.domainId ?? null,
      a.domainName ?? null,
      a.agencyName,
      a.durationSeconds ?? null,
    ]);
    let shared = this.#shared.get(id);
    if (shared === undefined) {
      const senders: Send[] = [];
      const viaOpenClient: Send = (req) => {
        const latest = senders.at(-1);
        if (latest === undefined) throw credentialsError('every client of this agency is closed');
        return latest(req);
      };
      shared = { keys: new AgencyKeySource(a, assumer.source, viaOpenClient, now), senders };
      this.#shared.set(id, shared);
    }
    const entry = shared;
    entry.senders.push(send);
    let released = false;
    return {
      keys: entry.keys,
      release: () => {
        if (released) return;
        released = true;
        entry.senders.splice(entry.senders.indexOf(send), 1);
        if (entry.senders.length === 0 && this.#shared.get(id) === entry) this.#shared.delete(id);
      },
    };
  }

  /** Distinct agency assumptions with an open client. */
  get size(): number {
    return this.#shared.size;
  }
}
