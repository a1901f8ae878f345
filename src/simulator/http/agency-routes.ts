// IAM agencies (docs/apis/iam-agency.md): temporary AK/SK of a delegating account through
// POST /v3.0/OS-CREDENTIAL/securitytokens with methods ["assume_role"]. The caller authenticates as itself
// (signed or token); its account must be the one the agency trusts. The keys act in the delegating account
// only (server.ts serves their requests from that account's estate) and expire after duration_seconds.

import { z } from 'zod';
import type { DomainRef } from '../auth/agencies.js';
import { iamError } from './errors.js';
import { iamTime, traceHeaders } from './iam-routes.js';
import { type ApiRoute, ok, type RouteContext, type RouteDeps } from './route-types.js';

/** duration_seconds: 15 min – 24 h, default 15 min (API reference, SDK model IdentityAssumerole). */
const DURATION = { min: 900, max: 86_400, default: 900 } as const;

const name = z.string().min(1).max(64);
const assumeRoleSchema = z
  .object({
    agency_name: name.optional(),
    // Older pages of the API reference call it xrole_name; IAM is taken to accept both [inf].
    xrole_name: name.optional(),
    domain_id: z.string().min(1).optional(),
    domain_name: z.string().min(1).optional(),
    duration_seconds: z.number().int().optional(),
    session_user: z
      .object({ name: z.string().min(5).max(64) })
      .strict()
      .optional(),
  })
  .strict();
const requestSchema = z.object({
  auth: z
    .object({
      identity: z
        .object({
          methods: z.array(z.string()).min(1),
          assume_role: assumeRoleSchema,
          // Narrows the keys' permissions (OBS only, says the reference): accepted and not modelled.
          policy: z.record(z.string(), z.unknown()).optional(),
        })
        .strict(),
    })
    .strict(),
});

const badRequest = (message: string) => iamError(400, 'Bad Request', message);

export function agencyRoutes({ world, credentials, agencies }: RouteDeps): ApiRoute[] {
  return [
    {
      service: 'iam',
      operation: 'CreateTemporaryAccessKeyByAgency',
      method: 'POST',
      path: '/v3.0/OS-CREDENTIAL/securitytokens',
      auth: 'signed',
      handle(ctx: RouteContext) {
        let json: unknown;
        try {
          json = JSON.parse(ctx.body.toString('utf8'));
        } catch {
          return badRequest('The request body is not valid JSON.');
        }
        const parsed = requestSchema.safeParse(json);
        if (!parsed.success) {
          const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
          return badRequest(`Invalid request: ${problems.join('; ')}`);
        }
        const { methods, assume_role: assume } = parsed.data.auth.identity;
        if (methods.length !== 1 || methods[0] !== 'assume_role') {
          return badRequest('auth.identity.methods must be ["assume_role"] to assume an agency.');
        }
        const agencyName = assume.agency_name ?? assume.xrole_name;
        if (
          agencyName === undefined ||
          (assume.agency_name !== undefined && assume.xrole_name !== undefined)
        ) {
          return badRequest('auth.identity.assume_role needs agency_name.');
        }
        const domain: DomainRef = { id: assume.domain_id, name: assume.domain_name };
        if (domain.id === undefined && domain.name === undefined) {
          return badRequest('auth.identity.assume_role needs domain_id or domain_name.');
        }
        const seconds = assume.duration_seconds ?? DURATION.default;
        if (seconds < DURATION.min || seconds > DURATION.max) {
          return badRequest(`duration_seconds must be from ${DURATION.min} to ${DURATION.max}.`);
        }
        const caller = ctx.caller;
        if (caller?.method === 'aksk' && caller.account !== undefined) {
          // An agency's own keys do not assume further agencies [inf].
          return iamError(403, 'Forbidden', 'Temporary credentials of an agency cannot assume an agency.');
        }
        const agency = agencies.find(domain, agencyName);
        if (!agency) return iamError(404, 'Not Found', 'Could not find the agency.');
        // Every credential the simulator issues itself belongs to its own account.
        if (agency.trustedDomainId !== world.domainId) {
          return iamError(403, 'Forbidden', 'You are not authorized to assume this agency.');
        }
        const issued = credentials.issueAgencyCredential(
          { account: agency.domainId, agencyId: agency.id },
          seconds,
        );
        const credential = {
          access: issued.access,
          secret: issued.secret,
          securitytoken: issued.securityToken,
          expires_at: iamTime(issued.expiresAtMs),
        };
        return { ...ok({ credential }, 201), headers: traceHeaders() };
      },
    },
  ];
}
