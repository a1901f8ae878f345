// The exporter as it runs in production (config → Exporter → fastify server), in this process, against an
// in-process simulator: the fault and load tests drive the simulator's fault controller and request log and
// scrape the exporter over loopback. Every log line is captured; unhandled rejections are recorded.

import { stringify } from 'yaml';
import { parseConfigText } from '../../../src/config.js';
import { Exporter } from '../../../src/exporter.js';
import type { LogLevel } from '../../../src/logging.js';
import { createServer, type ExporterServer, type ServedExporter } from '../../../src/server.js';
import { type SimulatorHandle, type SimulatorOptions, startSimulator } from '../../../src/simulator/index.js';

export interface HarnessOptions {
  simulator?: SimulatorOptions;
  /** Top-level config keys merged over the fast defaults below (collectors, scrape, client). */
  config?: Record<string, unknown>;
  maxRequests?: number;
  logLevel?: LogLevel;
  /** The exporter's environment; default: the simulator's AK/SK as HUAWEICLOUD_SDK_AK/SK. */
  env?: (sim: SimulatorHandle) => Record<string, string>;
  /** Wraps the exporter before the server sees it (load tests hold scrapes at a gate). */
  wrap?: (exporter: ServedExporter) => ServedExporter;
}

export interface HttpAnswer {
  status: number;
  body: string;
  headers: Headers;
}

export interface Harness {
  sim: SimulatorHandle;
  exporter: Exporter;
  server: ExporterServer;
  url: string;
  /** Every log line the exporter wrote (JSON). */
  logs: string[];
  scrape(timeoutSeconds?: number): Promise<HttpAnswer>;
  get(path: string, headers?: Record<string, string>): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/** Every collector refreshes on every scrape, discovery included, and failures surface quickly. */
export const FAST_CONFIG = {
  collectors: {
    swr_signing: { ttl: '1ms' },
    swr_registries: { ttl: '1ms' },
    hss_registries: { ttl: '1ms' },
    apig_signature_keys: { ttl: '1ms' },
  },
  scrape: { timeout_offset: '50ms', max_timeout: '5s', discovery_ttl: '1ms' },
  client: {
    retries: { max: 2, base_delay: '5ms', max_delay: '20ms' },
    max_response_bytes: 1024 * 1024,
    // The client's own token bucket (20/s) would otherwise pace back-to-back test scrapes.
    limits: Object.fromEntries(['swr', 'hss', 'apig', 'roma', 'iam'].map((s) => [s, { rate_per_second: 0 }])),
  },
};

/** Where a simulator answers: an in-process handle, or one read from `simulate`'s output. */
export interface SimulatorAddress {
  endpoints: Readonly<Record<string, string>>;
  regions: ReadonlyArray<{ name: string; projectId: string }>;
}

export function configFor(
  sim: SimulatorAddress,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const { swr, hss, apig, roma, iam } = sim.endpoints;
  return {
    regions: sim.regions.map((region) => ({
      name: region.name,
      project_id: region.projectId,
      endpoints: { swr, hss, apig, roma, iam },
    })),
    ...FAST_CONFIG,
    ...extra,
  };
}

export async function httpGet(url: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  // The exporter here runs unpaced (rate_per_second: 0), so the simulator enforces no quota either.
  const sim = await startSimulator({ seed: 9, scale: { regions: 1 }, quotas: {}, ...options.simulator });
  const logs: string[] = [];
  let server: ExporterServer | undefined;
  const exporter = new Exporter({
    source: {
      loaded: await parseConfigText(stringify(configFor(sim, options.config)), '(reliability)', '.'),
    },
    env: options.env?.(sim) ?? {
      HUAWEICLOUD_SDK_AK: sim.credentials.ak,
      HUAWEICLOUD_SDK_SK: sim.credentials.sk,
    },
  });
  try {
    server = createServer({
      exporter: options.wrap === undefined ? exporter : options.wrap(exporter),
      maxRequests: options.maxRequests,
      logging: {
        level: options.logLevel ?? 'debug',
        format: 'json',
        destination: { write: (line: string) => logs.push(line) },
      },
    });
    const url = await server.listen('127.0.0.1:0');
    await exporter.start(server.log);
    const served = server;
    return {
      sim,
      exporter,
      server: served,
      url,
      logs,
      scrape: (timeoutSeconds = 2) =>
        httpGet(`${url}/metrics`, { 'X-Prometheus-Scrape-Timeout-Seconds': String(timeoutSeconds) }),
      get: (path, headers) => httpGet(`${url}${path}`, headers),
      close: async () => {
        await served.close(0);
        await exporter.close();
        await sim.close();
      },
    };
  } catch (error) {
    await server?.close(0);
    await exporter.close();
    await sim.close();
    throw error;
  }
}

/** Records unhandled rejections and uncaught exceptions from install() until the returned stop(). */
export function watchProcessFailures(): { failures: unknown[]; stop(): void } {
  const failures: unknown[] = [];
  const onFailure = (error: unknown) => failures.push(error);
  process.on('unhandledRejection', onFailure);
  process.on('uncaughtException', onFailure);
  return {
    failures,
    stop: () => {
      process.off('unhandledRejection', onFailure);
      process.off('uncaughtException', onFailure);
    },
  };
}
