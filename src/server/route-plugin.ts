// Endpoints another part of the exporter adds to the server (scale-out's /probe and /targets). The server
// hands them its scrape plumbing and knows nothing of what they serve, so server/ never imports them;
// src/server.ts, which assembles the app, lists the plugins.

import type { FastifyInstance } from 'fastify';
import type { ScrapeGuard } from './scrape-route.js';
import type { ExpositionSender } from './send-exposition.js';
import type { ServedExporter } from './types.js';

export interface RoutePluginContext {
  exporter: ServedExporter;
  telemetryPath: string;
  /** Readiness, --web.max-requests and abort handling, shared with /metrics. */
  guard: ScrapeGuard;
  /** The server's way of sending an exposition (streamed; gzip when asked and worth it). */
  sender: ExpositionSender;
}

export type RoutePlugin = (app: FastifyInstance, context: RoutePluginContext) => void;
