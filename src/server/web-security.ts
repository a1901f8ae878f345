// Applies a WebConfig to fastify: TLS server options (and the client-certificate policies Node has no single
// switch for), basic auth on every route, and the extra response headers.

import type { TLSSocket } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import { BasicAuthenticator } from './basic-auth.js';
import type { TlsSettings, WebConfig } from './web-config.js';

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

export function applyWebSecurity(app: FastifyInstance, web: WebConfig): void {
  if (web.tls !== undefined) enforceClientCertificate(app, web.tls);
  const headers = Object.entries(web.headers);
  const auth = new BasicAuthenticator(web.basicAuthUsers);
  app.addHook('onRequest', async (request, reply) => {
    for (const [name, value] of headers) reply.header(name, value);
    if (!auth.enabled) return;
    if (await auth.verify(request.headers.authorization)) return;
    return reply
      .code(401)
      .header('WWW-Authenticate', 'Basic realm="huaweicloud-exporter", charset="UTF-8"')
      .type('text/plain; charset=utf-8')
      .send('Unauthorized\n');
  });
}
