// Applies a WebConfig to fastify: TLS server options (and the client-certificate policies Node has no single
// switch for), basic auth on every route but the health checks, and the extra response headers.
// /-/healthy and /-/ready are left open: they say only "Healthy"/"Ready", never call the cloud, and the
// Dockerfile HEALTHCHECK and Kubernetes probes have no safe place for a password (a probe's httpHeaders sit in
// the pod spec in clear). exporter-toolkit guards every path; prometheus/prometheus#9166 and
// exporter-toolkit#106/#111 ask for exactly this exemption, still open there (docs/reliability.md).

import type { Server, TLSSocket } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import { BasicAuthenticator } from './basic-auth.js';
import { BcryptPool } from './bcrypt-pool.js';
import type { TlsSettings, WebConfig } from './web-config.js';

/** Answered without basic auth: the liveness and readiness checks (see above). */
const UNGUARDED_PATHS = new Set(['/-/healthy', '/-/ready']);

/** Options for `Fastify({ https })`. */
export function httpsOptions(tls: TlsSettings) {
  const wantsCert = tls.clientAuth !== 'NoClientCert';
  return {
    cert: tls.cert,
    key: tls.key,
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    requestCert: wantsCert,
    // Only RequireAndVerifyClientCert can be left to OpenSSL; the other policies are checked per connection.
    rejectUnauthorized: tls.clientAuth === 'RequireAndVerifyClientCert',
    minVersion: tls.minVersion,
    ...(tls.maxVersion === undefined ? {} : { maxVersion: tls.maxVersion }),
  };
}

function enforceClientCertificate(app: FastifyInstance, tls: TlsSettings): void {
  if (tls.clientAuth !== 'RequireAnyClientCert' && tls.clientAuth !== 'VerifyClientCertIfGiven') return;
  app.server.on('secureConnection', (socket: TLSSocket) => {
    const presented = Object.keys(socket.getPeerCertificate()).length > 0;
    const refused = tls.clientAuth === 'RequireAnyClientCert' ? !presented : presented && !socket.authorized;
    if (refused) socket.destroy();
  });
}

/** The web config in force; update() swaps users, headers and certificates without a restart. */
export interface WebSecurity {
  /** Throws when the change needs a restart (TLS turned on/off, another client_auth_type). */
  check(web: WebConfig): void;
  /** check(), then applies it. */
  update(web: WebConfig): void;
}

export function applyWebSecurity(app: FastifyInstance, initial: WebConfig): WebSecurity {
  if (initial.tls !== undefined) enforceClientCertificate(app, initial.tls);
  let headers = Object.entries(initial.headers);
  const pool = new BcryptPool();
  app.addHook('onClose', () => pool.close());
  const auth = new BasicAuthenticator(initial.basicAuthUsers, pool);
  app.addHook('onRequest', async (request, reply) => {
    for (const [name, value] of headers) reply.header(name, value);
    if (!auth.enabled || UNGUARDED_PATHS.has(request.routeOptions.url ?? '')) return;
    const outcome = await auth.verify(request.headers.authorization, request.socket.remoteAddress);
    if (outcome === 'ok') return;
    // A refused request also closes its connection: a client flooding wrong passwords pays a new connection
    // for each attempt instead of pipelining them cheaply on one (measured: scrapes with the right password
    // under such a flood take about half as long).
    reply.header('Connection', 'close');
    if (outcome === 'busy') {
      // 429, not 503: the client's rate of password attempts is refused, the exporter itself is fine (503 is
      // what --web.max-requests answers for too many scrapes). A remembered right password never gets here,
      // even after a reload; a new one (first scrape, changed password) draws on its own address's share and
      // the place kept for a new address, so a flood from one or two others cannot keep it out; from three or
      // more it is refused until one of theirs ends (bcrypt-pool.ts).
      return reply
        .code(429)
        .header('Retry-After', '1')
        .type('text/plain; charset=utf-8')
        .send('Too many password verifications in flight, retry later\n');
    }
    return reply
      .code(401)
      .header('WWW-Authenticate', 'Basic realm="huaweicloud-exporter", charset="UTF-8"')
      .type('text/plain; charset=utf-8')
      .send('Unauthorized\n');
  });
  const check = (web: WebConfig) => {
    // Whether the listener speaks TLS and how it asks for client certificates are fixed when it starts.
    if ((web.tls === undefined) !== (initial.tls === undefined)) {
      throw new Error('turning TLS on or off needs a restart');
    }
    if (web.tls !== undefined && web.tls.clientAuth !== initial.tls?.clientAuth) {
      throw new Error('changing client_auth_type needs a restart');
    }
  };
  return {
    check,
    update(web) {
      check(web);
      if (web.tls !== undefined) {
        const { cert, key, ca, minVersion, maxVersion } = httpsOptions(web.tls);
        (app.server as unknown as Server).setSecureContext({ cert, key, ca, minVersion, maxVersion });
      }
      headers = Object.entries(web.headers);
      auth.setUsers(web.basicAuthUsers);
    },
  };
}
