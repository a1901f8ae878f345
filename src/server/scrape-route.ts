// What every scrape-like route does around its work (/metrics, /probe, /targets): answer 503 until the config
// is loaded and past --web.max-requests concurrent scrapes (instead of queueing), abort the work when the
// scraper hangs up or the server shuts down, and answer a scrape cut off that way with 503 rather than with
// what the work made of the abort (the engine answers with every collector failed: not a reading to record,
// or Prometheus would see a collector failure at every restart). Other failures are 500 with a redacted reason.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServedExporter } from './types.js';

const TEXT = 'text/plain; charset=utf-8';

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

export interface ScrapeGuard {
  exporter: Pick<ServedExporter, 'isReady' | 'redact'>;
  inFlight: InFlightScrapes;
  /** Concurrent scrapes allowed; 0 = no limit. */
  maxRequests: number;
}

export interface GuardedWork<T> {
  /** Produces the answer; `signal` aborts on hang-up or shutdown. */
  run(signal: AbortSignal): Promise<T>;
  /** Sends it, once it is known the scrape was not cut off. */
  send(value: T): unknown;
  /** The reason a failure is the client's (400), or undefined for the exporter's own (500). */
  badRequest?(error: unknown): boolean;
}

export function parseScrapeTimeout(header: string | string[] | undefined): number | undefined {
  const value = Number(Array.isArray(header) ? header[0] : header);
  return header !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

export async function guardedScrape<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  guard: ScrapeGuard,
  work: GuardedWork<T>,
): Promise<unknown> {
  const { exporter, inFlight, maxRequests } = guard;
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
    const value = await work.run(controller.signal);
    if (controller.signal.aborted) throw controller.signal.reason;
    return await work.send(value);
  } catch (error) {
    const message = exporter.redact(error instanceof Error ? error.message : String(error));
    if (work.badRequest?.(error) === true) return reply.code(400).type(TEXT).send(`${message}\n`);
    if (controller.signal.aborted) {
      request.log.info({ url: request.url, reason: message }, 'scrape aborted');
      return reply.code(503).type(TEXT).send(`scrape aborted: ${message}\n`);
    }
    request.log.error({ url: request.url, error: message }, 'scrape failed');
    return reply.code(500).type(TEXT).send(`scrape failed: ${message}\n`);
  } finally {
    inFlight.finish(controller);
    reply.raw.off('close', onClose);
  }
}
