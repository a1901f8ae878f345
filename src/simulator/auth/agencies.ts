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
  /** Stable id (IAM agency ids are 32 hex digits). */
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

function agencyId(domainId: string, name: string): string {
  return createHash('sha256').update(`${domainId}\0${name}`).digest('hex').slice(0, 32);
}

export class AgencyRegistry {
  readonly #agencies = new Map<string, Agency>();

  add(account: { domainId: string; domainName: string }, spec: AgencySpec): Agency {
    const agency: Agency = {
      id: agencyId(account.domainId, spec.name),
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
