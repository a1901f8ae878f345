// The HTTP(S) side of the exporter: fastify with pino logging, the web config (TLS, basic auth, headers), the
// routes, and a shutdown that stops accepting, lets scrapes in flight finish for a bounded time, then aborts them.

import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { type LoggingOptions, loggerOptions } from './logging.js';
import { scaleOutRoutes } from './scaleout/routes.js';
import { InFlightScrapes, registerRoutes } from './server/routes.js';
import type { ReloadOutcome, ServedExporter } from './server/types.js';
import { EMPTY_WEB_CONFIG, type WebConfig } from './server/web-config.js';
import { applyWebSecurity, httpsOptions } from './server/web-security.js';

export type { ReloadOutcome, ReloadStep, ServedExporter } from './server/types.js';
export { loadWebConfig, type WebConfig } from './server/web-config.js';

export const DEFAULT_TELEMETRY_PATH = '/metrics';
/** Same default as node_exporter's --web.max-requests. */
export const DEFAULT_MAX_REQUESTS = 40;
/** How long shutdown waits for scrapes in flight before aborting them. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

export interface ServerOptions {
  exporter: ServedExporter;
  telemetryPath?: string | undefined;
  maxRequests?: number | undefined;
  webConfig?: WebConfig | undefined;
  logging?: LoggingOptions | undefined;
  /** What POST /-/reload runs; default the exporter's reload (the lifecycle adds the web config to it). */
  reload?: (() => Promise<ReloadOutcome>) | undefined;
}

export interface ExporterServer {
  readonly app: FastifyInstance;
  readonly log: FastifyBaseLogger;
  /** Listens on `host:port` (":port" = every interface); resolves to a URL a person can open. */
  listen(address: string): Promise<string>;
  /** Throws when a re-read web config cannot be applied without a restart. */
  checkWebConfig(web: WebConfig): void;
  /** Applies a re-read web config (users, headers, certificates); throws when that needs a restart. */
  updateWebConfig(web: WebConfig): void;
  /** Stops accepting; scrapes still running after graceMs are aborted. */
  close(graceMs?: number): Promise<void>;
}

export class ListenAddressError extends Error {
  override readonly name = 'ListenAddressError';
}

export function parseListenAddress(address: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(address);
  const port = Number(match?.[3]);
  if (match === null || !Number.isInteger(port) || port > 65_535) {
    throw new ListenAddressError(`--web.listen-address: expected host:port or :port, got "${address}"`);
  }
  const host = match[1] ?? match[2] ?? '';
  return { host: host === '' ? '0.0.0.0' : host, port };
}

export function createServer(options: ServerOptions): ExporterServer {
  const web = options.webConfig ?? EMPTY_WEB_CONFIG;
  const logging = options.logging ?? { level: 'info', format: 'logfmt' };
  const app = Fastify({
    logger: loggerOptions(logging),
    // One log line per scrape would drown everything else; failures are logged by the routes.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024,
    return503OnClosing: true,
    ...(web.tls === undefined ? {} : { https: httpsOptions(web.tls) }),
  }) as unknown as FastifyInstance;

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    const message = options.exporter.redact(error.message);
    if (status >= 500) request.log.error({ error: message }, 'request failed');
    return reply.code(status).type('text/plain; charset=utf-8').send(`${message}\n`);
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).type('text/plain; charset=utf-8').send('Not Found\n'),
  );

  const webSecurity = applyWebSecurity(app, web);
  // fastify's close waits for every connection; a keep-alive one would hold it for its 72 s idle timeout.
  let closing = false;
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('Connection', 'close');
  });
  const inFlight = new InFlightScrapes();
  registerRoutes(
    app,
    options.exporter,
    {
      telemetryPath: options.telemetryPath ?? DEFAULT_TELEMETRY_PATH,
      maxRequests: options.maxRequests ?? DEFAULT_MAX_REQUESTS,
      reload: options.reload ?? (() => options.exporter.reload()),
      plugins: [scaleOutRoutes],
    },
    inFlight,
  );

  return {
    app,
    log: app.log,
    async listen(address) {
      const { host, port } = parseListenAddress(address);
      await app.listen({ host, port });
      const bound = app.server.address() as AddressInfo;
      const shownHost =
        host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      return `${web.tls === undefined ? 'http' : 'https'}://${shownHost}:${bound.port}`;
    },
    checkWebConfig: (next) => webSecurity.check(next),
    updateWebConfig: (next) => webSecurity.update(next),
    async close(graceMs = DEFAULT_SHUTDOWN_GRACE_MS) {
      closing = true;
      const timer = setTimeout(() => inFlight.abortAll('the exporter is shutting down'), graceMs);
      try {
        await app.close();
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
