// The exporter's endpoints. /metrics passes Prometheus' scrape timeout to the engine and aborts the scrape when
// the scraper hangs up; past --web.max-requests concurrent scrapes it answers 503 instead of queueing.

import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isScaleOutExporter, registerScaleOutRoutes } from '../scaleout/routes.js';
import { renderLandingPage } from './landing.js';
import type { ReloadOutcome, ServedExporter } from './types.js';

const gzipAsync = promisify(gzip);
const TEXT = 'text/plain; charset=utf-8';
/** Below this a gzip round costs more than it saves. */
const GZIP_MIN_BYTES = 1024;

export interface RouteOptions {
  telemetryPath: string;
  /** Concurrent scrapes allowed; 0 = no limit. */
  maxRequests: number;
  reload: () => Promise<ReloadOutcome>;
}

/** Scrapes in flight, so shutdown can abort what does not finish in time. */
export class InFlightScrapes {
  readonly #controllers = new Set<AbortController>();

  get size(): number {
    return this.#controllers.size;
  }

  start(): AbortController {
    const controller = new AbortController();
    this.#controllers.add(controller);
    return controller;
  }

  finish(controller: AbortController): void {
    this.#controllers.delete(controller);
  }

  abortAll(reason: string): void {
    for (const controller of this.#controllers) controller.abort(new Error(reason));
  }
}

export function parseScrapeTimeout(header: string | string[] | undefined): number | undefined {
  const value = Number(Array.isArray(header) ? header[0] : header);
  return header !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** A Buffer body goes out as is, with its length known: no per-scrape UTF-8 measuring and encoding. */
async function sendMetrics(
  reply: FastifyReply,
  body: string | Buffer,
  contentType: string,
  acceptEncoding: string | undefined,
) {
  reply.type(contentType);
  if (body.length >= GZIP_MIN_BYTES && /\bgzip\b/.test(acceptEncoding ?? '')) {
    return reply
      .header('Content-Encoding', 'gzip')
      .header('Vary', 'Accept-Encoding')
      .send(await gzipAsync(body));
  }
  return reply.send(body);
}

export function registerRoutes(
  app: FastifyInstance,
  exporter: ServedExporter,
  options: RouteOptions,
  inFlight: InFlightScrapes,
): void {
  app.get(options.telemetryPath, async (request, reply) => {
    if (!exporter.isReady()) {
      return reply
        .code(503)
        .type(TEXT)
        .send('not ready: the configuration and credentials are still loading\n');
    }
    if (options.maxRequests > 0 && inFlight.size >= options.maxRequests) {
      return reply
        .code(503)
        .type(TEXT)
        .send(`too many concurrent scrapes (limit ${options.maxRequests}, --web.max-requests)\n`);
    }
    const controller = inFlight.start();
    const onClose = () => {
      if (!reply.raw.writableFinished) controller.abort(new Error('the scraper closed the connection'));
    };
    reply.raw.on('close', onClose);
    try {
      const timeoutSeconds = parseScrapeTimeout(request.headers['x-prometheus-scrape-timeout-seconds']);
      const options = { timeoutSeconds, signal: controller.signal };
      const body = await (exporter.scrapeBuffer?.(options) ?? exporter.scrape(options));
      // The engine answers an aborted scrape with every collector failed; that is not a reading to record
      // (Prometheus would see a collector failure at every restart), so say the scrape was cut off instead.
      if (controller.signal.aborted) throw controller.signal.reason;
      return await sendMetrics(reply, body, exporter.contentType, request.headers['accept-encoding']);
    } catch (error) {
      const message = exporter.redact(error instanceof Error ? error.message : String(error));
      if (controller.signal.aborted) {
        request.log.info({ reason: message }, 'scrape aborted');
        return reply.code(503).type(TEXT).send(`scrape aborted: ${message}\n`);
      }
      request.log.error({ error: message }, 'scrape failed');
      return reply.code(500).type(TEXT).send(`scrape failed: ${message}\n`);
    } finally {
      inFlight.finish(controller);
      reply.raw.off('close', onClose);
    }
  });

  // /probe and /targets: one target per scrape, for splitting the work across replicas (docs/scale-out.md).
  if (isScaleOutExporter(exporter)) {
    registerScaleOutRoutes(app, exporter, { ...options, inFlight, send: sendMetrics });
  }

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
