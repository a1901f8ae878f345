// GET /probe?target=… and GET /targets. Registered by the server's routes when the exporter can serve them;
// probes count against --web.max-requests and are aborted with the scrape when the scraper hangs up or the
// server shuts down, like /metrics.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ScrapeOptions } from '../collectors/types.js';
import type { InFlightScrapes } from '../server/routes.js';
import type { ServedExporter } from '../server/types.js';
import {
  ExporterAddressError,
  type HttpSdGroup,
  PROBE_PATH,
  type RequestOrigin,
  SD_PATH,
} from './http-sd.js';
import type { ProbeResult } from './scale-out.js';
import { ProbeTargetError, TARGET_SYNTAX } from './target.js';

const TEXT = 'text/plain; charset=utf-8';

/** What an exporter offers on top of ServedExporter to be split across replicas. */
export interface ScaleOutExporter {
  probe(target: string, options: ScrapeOptions): Promise<ProbeResult>;
  targetGroups(origin: RequestOrigin, signal?: AbortSignal): Promise<HttpSdGroup[]>;
}

export function isScaleOutExporter<T extends object>(exporter: T): exporter is T & ScaleOutExporter {
  const candidate = exporter as Partial<ScaleOutExporter>;
  return typeof candidate.probe === 'function' && typeof candidate.targetGroups === 'function';
}

export interface ScaleOutRouteOptions {
  telemetryPath: string;
  maxRequests: number;
  inFlight: InFlightScrapes;
  /** The server's way of sending an exposition (gzip when asked and worth it). */
  send(
    reply: FastifyReply,
    body: string,
    contentType: string,
    acceptEncoding: string | undefined,
  ): Promise<unknown>;
}

/** The `target` query parameter, or a message saying what is wrong with it. */
export function targetParameter(query: unknown): { target: string } | { problem: string } {
  const value = (query as Record<string, unknown> | undefined)?.target;
  if (value === undefined)
    return {
      problem: `missing the target parameter: ${PROBE_PATH}?target=<target>, a target being ${TARGET_SYNTAX}`,
    };
  if (Array.isArray(value))
    return { problem: `the target parameter is given ${value.length} times; give it once` };
  if (typeof value !== 'string') return { problem: 'the target parameter must be text' };
  return { target: value };
}

export function registerScaleOutRoutes(
  app: FastifyInstance,
  exporter: ServedExporter & ScaleOutExporter,
  options: ScaleOutRouteOptions,
): void {
  if (options.telemetryPath === PROBE_PATH || options.telemetryPath === SD_PATH) {
    // A /probe that answers with every target's metrics would defeat the sharding: serve neither.
    app.log.warn(
      { telemetryPath: options.telemetryPath },
      `${PROBE_PATH} and ${SD_PATH} are off: the telemetry path takes one of them`,
    );
    return;
  }
  const { inFlight, maxRequests } = options;

  /** The bookkeeping /metrics does: readiness, the request limit, abort when the client goes away. */
  async function guarded(
    request: FastifyRequest,
    reply: FastifyReply,
    work: (signal: AbortSignal) => Promise<unknown>,
  ): Promise<unknown> {
    if (!exporter.isReady()) {
      return reply
        .code(503)
        .type(TEXT)
        .send('not ready: the configuration and credentials are still loading\n');
    }
    if (maxRequests > 0 && inFlight.size >= maxRequests) {
      return reply
        .code(503)
        .type(TEXT)
        .send(`too many concurrent scrapes (limit ${maxRequests}, --web.max-requests)\n`);
    }
    const controller = inFlight.start();
    const onClose = () => {
      if (!reply.raw.writableFinished) controller.abort(new Error('the scraper closed the connection'));
    };
    reply.raw.on('close', onClose);
    try {
      return await work(controller.signal);
    } catch (error) {
      const message = exporter.redact(error instanceof Error ? error.message : String(error));
      if (error instanceof ProbeTargetError || error instanceof ExporterAddressError) {
        return reply.code(400).type(TEXT).send(`${message}\n`);
      }
      if (controller.signal.aborted) {
        request.log.info({ url: request.url, reason: message }, 'request aborted');
        return reply.code(503).type(TEXT).send(`aborted: ${message}\n`);
      }
      request.log.error({ url: request.url, error: message }, 'request failed');
      return reply.code(500).type(TEXT).send(`failed: ${message}\n`);
    } finally {
      inFlight.finish(controller);
      reply.raw.off('close', onClose);
    }
  }

  app.get(PROBE_PATH, (request, reply) => {
    const parameter = targetParameter(request.query);
    if ('problem' in parameter) return reply.code(400).type(TEXT).send(`${parameter.problem}\n`);
    return guarded(request, reply, async (signal) => {
      const header = request.headers['x-prometheus-scrape-timeout-seconds'];
      const timeout = Number(Array.isArray(header) ? header[0] : header);
      const result = await exporter.probe(parameter.target, {
        timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined,
        signal,
      });
      return options.send(reply, result.body, result.contentType, request.headers['accept-encoding']);
    });
  });

  app.get(SD_PATH, (request, reply) =>
    guarded(request, reply, async (signal) => {
      const origin: RequestOrigin = { host: request.headers.host, protocol: request.protocol };
      const groups = await exporter.targetGroups(origin, signal);
      return reply.type('application/json').send(JSON.stringify(groups));
    }),
  );
}
