// The agencies delegating accounts created (IAM "agencies", Huawei's assume-role): who may assume which one.
// Each agency belongs to a delegating account and trusts one account — by default the simulator's own, whose
// credentials are the ones tests and the demo hold. Deleting or changing one (control API) also drops the keys
// issued through it (CredentialStore.revokeAgency), so a revocation shows on the next request.

import { createHash } from 'node:crypto';

export interface AgencySpec {
  name: string;
  /** Domain id of the account allowed to assume it. */
  trustedDomainId: string;
}

export interface Agency {
  /** 32 hex digits like IAM's; a recreated agency gets a new one. */
  id: string;
  name: string;
  /** The delegating account. */
  domainId: string;
  domainName: string;
  trustedDomainId: string;
}

/** How a request names the delegating account: by id, by name, or both (then they must agree). */
export interface DomainRef {
  id?: string | undefined;
  name?: string | undefined;
}

/** Deterministic (the seed decides the world), yet new for each creation: IAM gives a recreated agency a new
 *  id, so a policy naming the old /iam/agencies/<id> no longer covers it. */
function agencyId(domainId: string, name: string, creation: number): string {
  const input = creation === 0 ? `${domainId}\0${name}` : `${domainId}\0${name}\0${creation}`;
  return createHash('sha256').update(input).digest('hex').slice(0, 32);
}

export class AgencyRegistry {
  readonly #agencies = new Map<string, Agency>();
  /** How often each (account, name) was created, deletions included. */
  readonly #creations = new Map<string, number>();

  add(account: { domainId: string; domainName: string }, spec: AgencySpec): Agency {
    const key = JSON.stringify([account.domainId, spec.name]);
    const creation = this.#creations.get(key) ?? 0;
    this.#creations.set(key, creation + 1);
    const agency: Agency = {
      id: agencyId(account.domainId, spec.name, creation),
      name: spec.name,
      domainId: account.domainId,
      domainName: account.domainName,
      trustedDomainId: spec.trustedDomainId,
    };
    this.#agencies.set(agency.id, agency);
    return agency;
  }

  /** The agency `name` of the account `domain` names; undefined when either is unknown or they disagree. */
  find(domain: DomainRef, name: string): Agency | undefined {
    for (const agency of this.#agencies.values()) {
      if (agency.name !== name) continue;
      if (domain.id !== undefined && domain.id !== agency.domainId) continue;
      if (domain.name !== undefined && domain.name !== agency.domainName) continue;
      if (domain.id === undefined && domain.name === undefined) continue;
      return agency;
    }
    return undefined;
  }

  /** Deletes the agency (the delegating account revoked it). */
  remove(agency: Agency): void {
    this.#agencies.delete(agency.id);
  }

  /** Changes whom the agency trusts (the delegating account edited it). */
  retrust(agency: Agency, trustedDomainId: string): Agency {
    const changed = { ...agency, trustedDomainId };
    this.#agencies.set(agency.id, changed);
    return changed;
  }

  list(): Agency[] {
    return [...this.#agencies.values()];
  }
}
