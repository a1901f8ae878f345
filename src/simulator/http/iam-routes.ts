// IAM: project lookup by region name (docs §6.2) and password tokens (docs §6.3). Tokens are issued by the
// credential store, valid 24 h, returned in X-Subject-Token; the body never repeats the token.

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { iamError } from './errors.js';
import { type ApiRoute, ok, type RouteDeps } from './route-types.js';

const tokenRequestSchema = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.string()).min(1),
      password: z.object({
        user: z.object({
          name: z.string().min(1),
          password: z.string(),
          domain: z.object({ name: z.string().min(1).optional(), id: z.string().min(1).optional() }),
        }),
      }),
    }),
    scope: z.object({
      project: z.object({ name: z.string().min(1).optional(), id: z.string().min(1).optional() }),
    }),
  }),
});

/** IAM writes timestamps with six fraction digits: 2024-03-16T09:30:45.123000Z. */
export function iamTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function traceHeaders(): Record<string, string> {
  return { 'x-iam-trace-id': `token_${randomUUID().replaceAll('-', '')}` };
}

export function iamRoutes({ world, credentials }: RouteDeps): ApiRoute[] {
  return [
    {
      service: 'iam',
      operation: 'KeystoneListProjects',
      method: 'GET',
      path: '/v3/projects',
      auth: 'signed',
      handle(ctx) {
        const name = ctx.query.get('name');
        const projects = world.listProjects(name === undefined ? {} : { name });
        const filter = name === undefined ? '' : `?name=${encodeURIComponent(name)}`;
        const self = `${ctx.baseUrl}/v3/projects${filter}`;
        return {
          status: 200,
          body: { projects, links: { self, previous: null, next: null } },
          headers: traceHeaders(),
        };
      },
    },
    {
      service: 'iam',
      operation: 'KeystoneCreateUserTokenByPassword',
      method: 'POST',
      path: '/v3/auth/tokens',
      auth: 'none',
      handle(ctx) {
        let json: unknown;
        try {
          json = JSON.parse(ctx.body.toString('utf8'));
        } catch {
          return iamError(400, 'Bad Request', 'The request body is not valid JSON.');
        }
        const parsed = tokenRequestSchema.safeParse(json);
        if (!parsed.success) {
          // Paths and zod's type messages only: the body holds a password, never echo values.
          const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
          return iamError(400, 'Bad Request', `Invalid token request: ${problems.join('; ')}`);
        }
        const { identity, scope } = parsed.data.auth;
        if (!identity.methods.includes('password')) {
          return iamError(400, 'Bad Request', 'Only the password method is supported by the simulator.');
        }
        const { user } = identity.password;
        const domain = user.domain.name ?? user.domain.id;
        const projectKey = scope.project.id ?? scope.project.name;
        if (domain === undefined || projectKey === undefined) {
          return iamError(
            400,
            'Bad Request',
            'auth.identity.password.user.domain and auth.scope.project need a name or an id.',
          );
        }
        const account = world.checkPassword(domain, user.name, user.password);
        if (!account) return iamError(401, 'Unauthorized', 'The username or password is wrong.');
        const project = world.findProject(projectKey);
        if (!project) return iamError(400, 'Bad Request', 'The project in auth.scope does not exist.');
        const grant = credentials.issueIamToken(project.id, `user:${account.name}`);
        const domainRef = { id: account.domain_id, name: account.domain_name };
        const body = {
          token: {
            expires_at: iamTime(grant.expiresAtMs),
            issued_at: iamTime(grant.issuedAtMs),
            methods: ['password'],
            catalog: [],
            roles: [{ id: '0', name: 'te_admin' }],
            project: { id: project.id, name: project.name, domain: domainRef },
            user: { id: account.id, name: account.name, domain: domainRef, password_expires_at: '' },
          },
        };
        return { ...ok(body, 201), headers: { 'x-subject-token': grant.token, ...traceHeaders() } };
      },
    },
  ];
}
