// GET /probe?target=… and GET /targets. A server plugin (src/server.ts lists it), for exporters that can serve them;
// both go through the same guard as /metrics (src/server/scrape-route.ts): readiness, --web.max-requests,
// abort on hang-up or shutdown (503 "scrape aborted", not a probe that failed), and the same way of sending.

import type { FastifyInstance } from 'fastify';
import type { ScrapeOptions } from '../collectors/types.js';
import type { RoutePlugin, RoutePluginContext } from '../server/route-plugin.js';
import { guardedScrape, parseScrapeTimeout } from '../server/scrape-route.js';
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

/**
 * /probe and /targets as a server plugin: one target per scrape, for splitting the work across replicas
 * (docs/scale-out.md). Adds nothing for an exporter that cannot probe.
 */
export const scaleOutRoutes: RoutePlugin = (app, context) => {
  if (isScaleOutExporter(context.exporter)) registerScaleOutRoutes(app, context.exporter, context);
};

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
  options: RoutePluginContext,
): void {
  if (options.telemetryPath === PROBE_PATH || options.telemetryPath === SD_PATH) {
    // A /probe that answers with every target's metrics would defeat the sharding: serve neither.
    app.log.warn(
      { telemetryPath: options.telemetryPath },
      `${PROBE_PATH} and ${SD_PATH} are off: the telemetry path takes one of them`,
    );
    return;
  }
  const { guard, sender } = options;
  const badRequest = (error: unknown) =>
    error instanceof ProbeTargetError || error instanceof ExporterAddressError;

  app.get(PROBE_PATH, (request, reply) => {
    const parameter = targetParameter(request.query);
    if ('problem' in parameter) return reply.code(400).type(TEXT).send(`${parameter.problem}\n`);
    return guardedScrape(request, reply, guard, {
      run: (signal) =>
        exporter.probe(parameter.target, {
          timeoutSeconds: parseScrapeTimeout(request.headers['x-prometheus-scrape-timeout-seconds']),
          signal,
        }),
      send: (result) =>
        sender.send(reply, result.body, result.contentType, request.headers['accept-encoding']),
      badRequest,
    });
  });

  app.get(SD_PATH, (request, reply) =>
    guardedScrape(request, reply, guard, {
      run: (signal) =>
        exporter.targetGroups({ host: request.headers.host, protocol: request.protocol }, signal),
      send: (groups) => reply.type('application/json').send(JSON.stringify(groups)),
      badRequest,
    }),
  );
}
