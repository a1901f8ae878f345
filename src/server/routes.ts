// The exporter's endpoints. /metrics passes Prometheus' scrape timeout to the engine and aborts the scrape when
// the scraper hangs up; past --web.max-requests concurrent scrapes it answers 503 instead of queueing.

import type { FastifyInstance, FastifyReply } from 'fastify';
import { renderLandingPage } from './landing.js';
import type { RoutePlugin } from './route-plugin.js';
import { guardedScrape, type InFlightScrapes, parseScrapeTimeout } from './scrape-route.js';
import { type Exposition, ExpositionSender } from './send-exposition.js';
import type { ReloadOutcome, ServedExporter } from './types.js';

export { InFlightScrapes, parseScrapeTimeout } from './scrape-route.js';

const TEXT = 'text/plain; charset=utf-8';

export interface RouteOptions {
  telemetryPath: string;
  /** Concurrent scrapes allowed; 0 = no limit. */
  maxRequests: number;
  reload: () => Promise<ReloadOutcome>;
  /** More endpoints on the same scrape plumbing (scale-out's /probe and /targets). */
  plugins: readonly RoutePlugin[];
}

export function registerRoutes(
  app: FastifyInstance,
  exporter: ServedExporter,
  options: RouteOptions,
  inFlight: InFlightScrapes,
): void {
  const guard = { exporter, inFlight, maxRequests: options.maxRequests };
  const sender = new ExpositionSender();
  app.get(options.telemetryPath, (request, reply) =>
    guardedScrape(request, reply, guard, {
      run: (signal): Promise<Exposition> => {
        const scrape = {
          timeoutSeconds: parseScrapeTimeout(request.headers['x-prometheus-scrape-timeout-seconds']),
          signal,
        };
        return exporter.scrapeEncoded?.(scrape) ?? exporter.scrape(scrape);
      },
      send: (body) => sender.send(reply, body, exporter.contentType, request.headers['accept-encoding']),
    }),
  );

  for (const plugin of options.plugins)
    plugin(app, { exporter, telemetryPath: options.telemetryPath, guard, sender });

  app.get('/-/healthy', async (_request, reply) => reply.type(TEXT).send('Healthy\n'));

  app.get('/-/ready', async (_request, reply) =>
    exporter.isReady()
      ? reply.type(TEXT).send('Ready\n')
      : reply.code(503).type(TEXT).send('Not ready: configuration and credentials are not loaded yet\n'),
  );

  const reload = async (_request: unknown, reply: FastifyReply) => {
    const outcome = await options.reload();
    return reply
      .code(outcome.ok ? 200 : 500)
      .type(TEXT)
      .send(`${outcome.message}\n`);
  };
  app.post('/-/reload', reload);
  app.put('/-/reload', reload);
  app.get('/-/reload', async (_request, reply) =>
    reply
      .code(405)
      .header('Allow', 'POST, PUT')
      .type(TEXT)
      .send('use POST (or PUT) to reload the configuration\n'),
  );

  if (options.telemetryPath !== '/') {
    app.get('/', async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(
        renderLandingPage({
          version: exporter.version,
          telemetryPath: options.telemetryPath,
          ready: exporter.isReady(),
          statuses: exporter.status(),
          configDump: exporter.configDump(),
          redact: (text) => exporter.redact(text),
        }),
      ),
    );
  }
}
