// Control routes for the delegating accounts' agencies (/_sim/agencies): list them, revoke one (the account
// deletes it), change whom it trusts (the account edits it), create one again. Revoking or changing drops the
// keys issued through the agency, so the exporter sees the change on its next request, as a collector failure
// of that account alone.

import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AGENCY_NAME } from './accounts.js';
import type { Agency } from './auth/agencies.js';
import { ControlError } from './control-error.js';
import type { SimulatorState } from './state.js';

export interface ControlRoute {
  method: 'GET' | 'POST';
  path: string;
  handler: (request: FastifyRequest, state: SimulatorState) => unknown;
  created?: boolean;
}

type BodyOf = <T>(request: FastifyRequest, schema: z.ZodType<T>) => T;

const text = z.string().min(1);
const agencyRef = z.object({ domain: text, agency: text }).strict();
const retrust = z.object({ domain: text, agency: text, trusted_domain_id: text }).strict();

function shown(agency: Agency) {
  return {
    domain_id: agency.domainId,
    domain_name: agency.domainName,
    agency: agency.name,
    agency_id: agency.id,
    trusted_domain_id: agency.trustedDomainId,
  };
}

export function agencyControlRoutes(state: SimulatorState, bodyOf: BodyOf): ControlRoute[] {
  const { agencies, credentials } = state;
  /** `domain` is a delegating account's name or id. */
  const existing = (domain: string, name: string): Agency => {
    const agency = agencies.find({ name: domain }, name) ?? agencies.find({ id: domain }, name) ?? undefined;
    if (!agency) throw new ControlError(404, `no agency '${name}' in account '${domain}'`);
    return agency;
  };
  return [
    { method: 'GET', path: '/agencies', handler: () => ({ agencies: agencies.list().map(shown) }) },
    {
      method: 'POST',
      path: '/agencies/revoke',
      handler: (request) => {
        const ref = bodyOf(request, agencyRef);
        const agency = existing(ref.domain, ref.agency);
        agencies.remove(agency);
        return { revoked: shown(agency), credentials_dropped: credentials.revokeAgency(agency.id) };
      },
    },
    {
      method: 'POST',
      path: '/agencies/trust',
      handler: (request) => {
        const body = bodyOf(request, retrust);
        const agency = agencies.retrust(existing(body.domain, body.agency), body.trusted_domain_id);
        return { changed: shown(agency), credentials_dropped: credentials.revokeAgency(agency.id) };
      },
    },
    {
      method: 'POST',
      path: '/agencies',
      created: true,
      handler: (request) => {
        const ref = bodyOf(request, agencyRef);
        if (!AGENCY_NAME.test(ref.agency)) {
          throw new ControlError(400, 'agency names are 1–64 letters, digits, "_", "-" or "."');
        }
        const account = [...state.accounts.values()].find(
          (world) => world.domainName === ref.domain || world.domainId === ref.domain,
        );
        if (!account) throw new ControlError(404, `no delegating account '${ref.domain}'`);
        const owner = { domainId: account.domainId, domainName: account.domainName };
        // IAM refuses a second agency of the same name; replacing one silently would keep its keys alive.
        if (agencies.find({ id: owner.domainId }, ref.agency) !== undefined) {
          throw new ControlError(409, `agency '${ref.agency}' exists in account '${ref.domain}'`);
        }
        return {
          created: shown(agencies.add(owner, { name: ref.agency, trustedDomainId: state.world.domainId })),
        };
      },
    },
  ];
}
