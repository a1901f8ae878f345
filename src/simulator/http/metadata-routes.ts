// ECS metadata (docs §6.4): an optional session token (PUT …/api/token) and temporary AK/SK with a security
// token (GET /openstack/latest/securitykey). The verifier then demands X-Security-Token for that AK.

import { type ApiRoute, ok, type RouteDeps } from './route-types.js';

const MAX_TTL_SECONDS = 21_600;

/** Metadata timestamps have no fraction: 2024-03-16T09:30:45Z (Go layout 2006-01-02T15:04:05Z). */
function metadataTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function metadataRoutes({ credentials, metadata }: RouteDeps): ApiRoute[] {
  return [
    {
      service: 'metadata',
      operation: 'CreateMetadataToken',
      method: 'PUT',
      path: '/meta-data/latest/api/token',
      auth: 'none',
      handle(ctx) {
        const raw = ctx.headers['x-metadata-token-ttl-seconds'];
        const ttl = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
        if (!(ttl >= 1 && ttl <= MAX_TTL_SECONDS)) {
          return {
            status: 400,
            body: `X-Metadata-Token-Ttl-Seconds must be an integer between 1 and ${MAX_TTL_SECONDS}`,
          };
        }
        return { status: 200, body: credentials.issueMetadataToken(ttl) };
      },
    },
    {
      service: 'metadata',
      operation: 'ShowSecurityKey',
      method: 'GET',
      path: '/openstack/latest/securitykey',
      auth: 'none',
      handle(ctx) {
        const token = ctx.headers['x-metadata-token'];
        if (typeof token === 'string' && !credentials.isMetadataTokenValid(token.trim())) {
          return { status: 401, body: 'Unauthorized: the metadata token is invalid or expired' };
        }
        if (!metadata.agency) {
          return { status: 401, body: 'Please configure Cloud Service Agency first' };
        }
        const credential = credentials.temporaryCredential();
        return ok({
          credential: {
            access: credential.access,
            secret: credential.secret,
            securitytoken: credential.securityToken,
            expires_at: metadataTime(credential.expiresAtMs),
          },
        });
      },
    },
  ];
}
